// Juntos sequence CRDT, browser edition: the JavaScript twin of the Java package
// io.juntos.crdt (same semantics, same binary encoding). No build step, no dependencies.
//
//   import { TextDoc, VersionVector } from '/js/crdt/index.js';
//   const doc = new TextDoc(42);
//   doc.insert(0, 'hello');
//   const bytes = doc.encodeUpdateSince(peerVersion);   // Uint8Array
//   other.applyUpdate(bytes);
export { TextDoc, ListDoc, DEFAULT_MAX_BUFFERED_OPS } from './docs.js';
export { VersionVector, MARK_TYPES } from './codec.js';
export {
  CrdtError, MalformedUpdateError, UnsupportedFormatError, CausalBufferOverflowError,
} from './errors.js';
