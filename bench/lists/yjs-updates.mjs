// Precomputes the Yjs side of the lists benchmark so that the Java generator only sends bytes:
// a base document (a Y.Array `order` of item ids and a Y.Map `items` of Y.Maps with a Y.Text
// `notes`, one item per client, written by client id 1) and, for each client, one Yjs update
// per character it types at the end of its own item's notes (client id 100 + i). Each client's
// updates depend only on the base and its own earlier ones, so any interleaving is valid.
// Also prints the size of Yjs's encoding of the automerge-paper trace's content (the stored-size
// peer of the trace replay).
// Usage: node yjs-updates.mjs <clients> <perClient> <out file> [trace.json.gz]
// Output: int32 BE count, then for each blob int32 BE length + bytes: base, then client 0's
// updates, client 1's, …
import fs from 'node:fs';
import zlib from 'node:zlib';
import * as Y from 'yjs';

const [, , clientsArg, perArg, out, tracePath] = process.argv;
const clients = Number(clientsArg);
const per = Number(perArg);
const base = new Y.Doc();
base.clientID = 1;
const ids = Array.from({ length: clients }, (_, i) => `item${i}`);
base.transact(() => {
  base.getArray('order').push(ids);
  for (const id of ids) {
    const item = new Y.Map();
    base.getMap('items').set(id, item);
    item.set('notes', new Y.Text());
  }
});
const blobs = [Y.encodeStateAsUpdate(base)];
const alphabet = 'abcdefghijklmnopqrstuvwxyz ';
for (let c = 0; c < clients; c++) {
  const doc = new Y.Doc();
  doc.clientID = 100 + c;
  Y.applyUpdate(doc, blobs[0]);
  const notes = doc.getMap('items').get(ids[c]).get('notes');
  doc.on('update', (u, origin) => { if (origin !== 'remote') blobs.push(u); });
  for (let k = 0; k < per; k++) notes.insert(notes.length, alphabet[(c + k) % alphabet.length]);
}
let size = 4;
for (const b of blobs) size += 4 + b.length;
const buf = Buffer.alloc(size);
let p = buf.writeInt32BE(blobs.length, 0);
for (const b of blobs) { p = buf.writeInt32BE(b.length, p); buf.set(b, p); p += b.length; }
fs.writeFileSync(out, buf);
const info = { blobs: blobs.length, yjs: JSON.parse(fs.readFileSync(new URL('./node_modules/yjs/package.json', import.meta.url))).version };
if (tracePath) {
  const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(tracePath)).toString('utf8'));
  const doc = new Y.Doc();
  const text = doc.getText('notes');
  for (const t of trace.txns) for (const [pos, del, ins] of t.patches) { if (del) text.delete(pos, del); if (ins) text.insert(pos, ins); }
  info.traceYjsV1Bytes = Y.encodeStateAsUpdate(doc).length;
  info.traceYjsV2Bytes = Y.encodeStateAsUpdateV2(doc).length;
  info.traceOk = text.toString() === trace.endContent;
}
console.log(JSON.stringify(info));
