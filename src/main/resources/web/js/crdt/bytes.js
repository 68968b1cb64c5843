// Binary primitives shared with the Java engine (ByteWriter/ByteReader): unsigned LEB128
// varints, zigzag signed varints and WTF-8 text (UTF-8 that also carries lone surrogates,
// so any JS string keeps its UTF-16 length). Arithmetic instead of bit operators keeps
// values above 2^31 exact.
import { MalformedUpdateError } from './errors.js';

export class ByteWriter {
  constructor(capacity = 64) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.size = 0;
  }

  ensure(extra) {
    if (this.size + extra > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.size + extra));
      next.set(this.buf.subarray(0, this.size));
      this.buf = next;
    }
  }

  writeByte(b) {
    this.ensure(1);
    this.buf[this.size++] = b & 0xff;
  }

  writeVarUint(v) {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.size++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.size++] = v;
  }

  writeVarInt(v) {
    this.writeVarUint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  writeBytes(bytes) {
    const b = bytes instanceof ByteWriter ? bytes.toBytes() : bytes;
    this.ensure(b.length);
    this.buf.set(b, this.size);
    this.size += b.length;
  }

  writeString(s) {
    const tmp = new ByteWriter(s.length + 4);
    tmp.writeWtf8(s);
    this.writeVarUint(tmp.size);
    this.writeBytes(tmp);
  }

  writeWtf8(s) {
    this.ensure(s.length * 3);
    const buf = this.buf;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[this.size++] = c;
      } else if (c < 0x800) {
        buf[this.size++] = 0xc0 | (c >> 6);
        buf[this.size++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length
          && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) < 0xe000) {
        const cp = ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00) + 0x10000;
        buf[this.size++] = 0xf0 | (cp >> 18);
        buf[this.size++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[this.size++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[this.size++] = 0x80 | (cp & 0x3f);
      } else {
        buf[this.size++] = 0xe0 | (c >> 12);
        buf[this.size++] = 0x80 | ((c >> 6) & 0x3f);
        buf[this.size++] = 0x80 | (c & 0x3f);
      }
    }
  }

  toBytes() {
    return this.buf.slice(0, this.size);
  }
}

const MAX_INT = 2147483647;

// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as java.util.zip.CRC32C.
const CRC32C_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32C of bytes[from..to) continued from crc (start with 0); an unsigned 32-bit number. */
export function crc32c(bytes, from, to, crc = 0) {
  let c = ~crc;
  for (let i = from; i < to; i++) c = CRC32C_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export class ByteReader {
  constructor(bytes) {
    this.buf = bytes;
    this.pos = 0;
  }

  get remaining() {
    return this.buf.length - this.pos;
  }

  atEnd() {
    return this.pos >= this.buf.length;
  }

  fail(message) {
    return new MalformedUpdateError(message, this.pos);
  }

  readByte() {
    if (this.pos >= this.buf.length) throw this.fail('unexpected end of input');
    return this.buf[this.pos++];
  }

  readVarUint() {
    let v = 0;
    let mul = 1;
    for (let shift = 0; shift < 42; shift += 7) {
      const b = this.readByte();
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v;
      mul *= 128;
    }
    throw this.fail('varint too long');
  }

  readVarInt() {
    const z = this.readVarUint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  readInt(max, what) {
    const v = this.readVarUint();
    if (v > max) throw this.fail(`${what} out of range: ${v}`);
    return v;
  }

  readInt31(what) {
    return this.readInt(MAX_INT, what);
  }

  readCount(what) {
    return this.readInt(this.remaining, what);
  }

  readString() {
    const len = this.readCount('string length');
    return this.readWtf8(this.pos + len);
  }

  readWtf8(end) {
    if (end > this.buf.length) throw this.fail('text block runs past the end');
    const parts = [];
    let codes = [];
    const flush = () => {
      parts.push(String.fromCharCode.apply(null, codes));
      codes = [];
    };
    while (this.pos < end) {
      const b = this.buf[this.pos++];
      if (b < 0x80) {
        codes.push(b);
      } else if (b >= 0xc2 && b < 0xe0) {
        codes.push(((b & 0x1f) << 6) | this.cont(end));
      } else if (b >= 0xe0 && b < 0xf0) {
        const c = ((b & 0x0f) << 12) | (this.cont(end) << 6) | this.cont(end);
        if (c < 0x800) throw this.fail('overlong text encoding');
        codes.push(c);
      } else if (b >= 0xf0 && b < 0xf5) {
        const cp = ((b & 0x07) << 18) | (this.cont(end) << 12) | (this.cont(end) << 6) | this.cont(end);
        if (cp < 0x10000 || cp > 0x10ffff) throw this.fail('invalid code point in text');
        codes.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      } else {
        throw this.fail(`invalid text byte ${b}`);
      }
      if (codes.length >= 8192) flush();
    }
    flush();
    return parts.join('');
  }

  cont(end) {
    if (this.pos >= end) throw this.fail('truncated text character');
    const b = this.buf[this.pos++];
    if ((b & 0xc0) !== 0x80) throw this.fail('invalid text continuation byte');
    return b & 0x3f;
  }
}

export { MAX_INT };
