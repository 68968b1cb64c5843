// The socket.io baseline for the Juntos messaging benchmark (docs/benchmarks.md).
//
// Same scenario semantics as the Juntos gateway, minus durability:
//  * a client joins one room (its group of 8), named in the CONNECT packet's auth: {"room": "g3"};
//  * "message.send" {conversationId, clientMsgId, text} with an ack callback: the server checks
//    the room, assigns the next per-room seq, keeps the message in an in-memory ring of the last
//    RING messages per room (a retry with the same clientMsgId inside the ring gets the original,
//    like Juntos' idempotent send), acks the sender with {message, duplicate}, and broadcasts
//    "message.created" {message} to the other members of the room.
//  * Unlike Juntos, nothing is written to disk: Juntos commits every message to SQLite before it
//    acks. That is the fair-to-socket.io direction; the docs say so.
//
// GET /bench/stats runs a full V8 GC (node must be started with --expose-gc) and answers
// process.memoryUsage() and the number of connected clients, for the heap-per-connection figure.
//
// Usage: node --expose-gc socketio-server.js [port]   (port 0 or none: any free port)
// Prints "listening <port>" once ready; exits on SIGTERM, or when stdin is a pipe and closes (so a
// crashed load generator never leaves it running).
'use strict';

const http = require('node:http');
const { Server } = require('socket.io');

const RING = 100;
const port = Number(process.argv[2] || 0);

const rooms = new Map(); // room -> {lastSeq, ring: message[]}

function roomState(name) {
  let r = rooms.get(name);
  if (!r) {
    r = { lastSeq: 0, ring: [] };
    rooms.set(name, r);
  }
  return r;
}

let nextId = 0;

function send(socket, room, data, ack) {
  if (typeof ack !== 'function') return;
  if (!data || data.conversationId !== room || typeof data.text !== 'string' || typeof data.clientMsgId !== 'string'
      || data.text.length < 1 || data.text.length > 4000 || data.clientMsgId.length > 64) {
    ack({ error: 'validation_failed' });
    return;
  }
  const state = roomState(room);
  const sender = socket.data.userId;
  const earlier = state.ring.find((m) => m.senderId === sender && m.clientMsgId === data.clientMsgId);
  if (earlier) {
    ack({ message: earlier, duplicate: true });
    return;
  }
  const message = {
    id: String(++nextId),
    conversationId: room,
    seq: ++state.lastSeq,
    senderId: sender,
    clientMsgId: data.clientMsgId,
    kind: 'text',
    text: data.text,
    createdAt: new Date().toISOString(),
  };
  state.ring.push(message);
  if (state.ring.length > RING) state.ring.shift();
  ack({ message, duplicate: false });
  socket.to(room).emit('message.created', { message });
}

function stats(res) {
  for (let i = 0; i < 3; i++) global.gc();
  const m = process.memoryUsage();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external,
    arrayBuffers: m.arrayBuffers, rss: m.rss, clients: io.engine.clientsCount }));
}

if (typeof global.gc !== 'function') {
  console.error('start node with --expose-gc');
  process.exit(2);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/bench/stats') return stats(res);
  res.writeHead(404).end();
});
const io = new Server(server, { serveClient: false });

io.on('connection', (socket) => {
  const room = String((socket.handshake.auth && socket.handshake.auth.room) || socket.handshake.query.room || '');
  if (!room) {
    socket.disconnect(true);
    return;
  }
  socket.data.userId = String((socket.handshake.auth && socket.handshake.auth.user) || socket.id);
  socket.join(room);
  socket.on('message.send', (data, ack) => send(socket, room, data, ack));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});

const stop = () => {
  io.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Started by the load generator, stdin is a pipe from it: exit when it goes away.
if (require('node:fs').fstatSync(0).isFIFO()) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
