// Error types of the CRDT engine, mirroring io.juntos.crdt.CrdtException and its subclasses.

/** Root of every error raised by the engine. */
export class CrdtError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}

/** Truncated, corrupted or inconsistent update bytes; the document is left as it was. */
export class MalformedUpdateError extends CrdtError {
  constructor(message, offset = -1) {
    super(`${message} (at byte ${offset})`);
    this.offset = offset;
  }
}

/** The update starts with a format version this engine does not know. */
export class UnsupportedFormatError extends MalformedUpdateError {
  constructor(version) {
    super(`unsupported update format version ${version}`, 0);
    this.version = version;
  }
}

/** Too many operations would wait for missing causal dependencies. */
export class CausalBufferOverflowError extends CrdtError {
  constructor(buffered, limit) {
    super(`causal buffer would hold ${buffered} operations, limit is ${limit}`);
    this.buffered = buffered;
    this.limit = limit;
  }
}
