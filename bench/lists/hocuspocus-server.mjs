// The Hocuspocus peer of the lists benchmark (bash bench/lists/run.sh): @hocuspocus/server with its
// SQLite persistence extension, defaults otherwise (it stores the whole document 2 s after the
// last change, at most every 10 s). GET /stats answers what the Java generator reports: CPU time,
// heap after a GC, the stored size and each item's notes length (the convergence check).
// Usage: node --expose-gc hocuspocus-server.mjs <port> <sqlite file>
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import Database from 'better-sqlite3';

const [, , port, file] = process.argv;
let stored = null;

const server = new Server({
  port: Number(port),
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: file })],
  async onRequest({ request, response, instance }) {
    if (!request.url.startsWith('/stats')) return;
    global.gc?.();
    stored ??= new Database(file, { readonly: true, fileMustExist: true });
    const row = stored.prepare('SELECT length(data) AS n FROM documents WHERE name = ?').get('list');
    const doc = instance.documents.get('list');
    const notes = {};
    if (doc) {
      const items = doc.getMap('items');
      for (const [id, item] of items) notes[id] = item.get('notes').length;
    }
    const cpu = process.cpuUsage();
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({
      cpuMicros: cpu.user + cpu.system, heapBytes: process.memoryUsage().heapUsed, rssBytes: process.memoryUsage().rss,
      storedBytes: row ? row.n : 0, connections: instance.getConnectionsCount(), notes,
    }));
    throw null; // handled: no further hooks, no default answer
  },
});
await server.listen();
console.log(`hocuspocus listening on ${port}`);
