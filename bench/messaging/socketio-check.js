// Checks socketio-server.js with the official socket.io-client before the benchmark drives it
// with the Java load generator's own Engine.IO v4 client: 8 clients join one room, one sends,
// the sender gets an ack with seq 1 and the 7 others get "message.created". Exit 0 when so.
// Usage: node socketio-check.js <port>
'use strict';

const { io } = require('socket.io-client');

const url = `http://127.0.0.1:${process.argv[2]}`;
const clients = [];
let received = 0;

function fail(why) {
  console.error(`socketio-check: ${why}`);
  process.exit(1);
}

setTimeout(() => fail(`timed out (received ${received} of 7)`), 5000).unref();

function connect(i) {
  return new Promise((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], auth: { room: 'check', user: `u${i}` }, reconnection: false });
    s.on('connect', () => resolve(s));
    s.on('connect_error', reject);
    s.on('message.created', ({ message }) => {
      if (message.text !== 'hello' || message.seq !== 1) fail(`unexpected message ${JSON.stringify(message)}`);
      if (++received === 7) {
        clients.forEach((c) => c.close());
        console.log('socketio-check: ok (ack + 7 deliveries)');
        process.exit(0);
      }
    });
    clients.push(s);
  });
}

(async () => {
  const sockets = await Promise.all([...Array(8).keys()].map(connect));
  const ack = await sockets[0].emitWithAck('message.send', { conversationId: 'check', clientMsgId: 'c1', text: 'hello' });
  if (!ack.message || ack.message.seq !== 1 || ack.duplicate !== false) fail(`bad ack ${JSON.stringify(ack)}`);
})().catch((e) => fail(e.message));
