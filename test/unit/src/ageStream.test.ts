import fc from 'fast-check';
import { base32Decode, base32Encode } from '../../../src/crypt/base32';
import { bech32Decode, bech32Encode } from '../../../src/crypt/bech32';
import { chunkCount, chunkNonce, chunkSpan, PLAIN_CHUNK, payloadSize, plainSizeOf, SEALED_CHUNK } from '../../../src/crypt/ageStream';

describe('the age payload layout', () => {
  it('sizes: an empty file is one 16-byte chunk, a full chunk gets one tag, one byte more a second chunk', () => {
    expect(payloadSize(0)).toBe(16 + 16);
    expect(payloadSize(PLAIN_CHUNK)).toBe(16 + SEALED_CHUNK);
    expect(payloadSize(PLAIN_CHUNK + 1)).toBe(16 + SEALED_CHUNK + 1 + 16);
    expect(chunkCount(0)).toBe(1);
  });

  it('plainSizeOf inverts payloadSize, and refuses sizes no plaintext gives', () => {
    fc.assert(fc.property(fc.nat(10 * PLAIN_CHUNK), (size) => plainSizeOf(payloadSize(size)) === size));
    expect(plainSizeOf(31)).toBeUndefined();
    // A last chunk of a tag alone after a full chunk: age never writes one.
    expect(plainSizeOf(16 + SEALED_CHUNK + 16)).toBeUndefined();
  });

  it('chunk nonces: a big-endian counter, then the last flag', () => {
    expect(Buffer.from(chunkNonce(0, false)).toString('hex')).toBe('000000000000000000000000');
    expect(Buffer.from(chunkNonce(1, true)).toString('hex')).toBe('000000000000000000000101');
    expect(Buffer.from(chunkNonce(0x0102_0304, false)).toString('hex')).toBe('000000000000000102030400');
  });

  it('a range is served by exactly the chunks that hold it', () => {
    fc.assert(
      fc.property(fc.nat(5 * PLAIN_CHUNK), fc.nat(6 * PLAIN_CHUNK), fc.nat(6 * PLAIN_CHUNK), (size, a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const span = chunkSpan(start, end, size);
        const to = Math.min(end, size);
        if (Math.min(start, to) >= to) return span.end === span.first;
        const chunks = span.end - span.first;
        const lastChunkPlain = Math.min(PLAIN_CHUNK, size - (span.end - 1) * PLAIN_CHUNK);
        return (
          span.first * PLAIN_CHUNK <= start &&
          span.end * PLAIN_CHUNK >= to &&
          (span.end - 1) * PLAIN_CHUNK < to &&
          span.skip === start - span.first * PLAIN_CHUNK &&
          span.payloadEnd - span.payloadStart === (chunks - 1) * SEALED_CHUNK + lastChunkPlain + 16
        );
      }),
    );
  });
});

describe('bech32', () => {
  it('reads the keys age-keygen writes', () => {
    const secret = bech32Decode('AGE-SECRET-KEY-1ZUZYJV5SD5HFGUXMRCZRFG6Q0YFLXQGDT0FGFHEYCNR4ST2T5YLSSM29LE');
    expect('bytes' in secret && secret.hrp === 'age-secret-key-' && secret.bytes.length).toBe(32);
    const recipient = bech32Decode('age1jw80tl4j3z0zadwz8mqh46sp0ju877xrw2nkuwrhedgqgzz5ad3qcrgnwf');
    expect('bytes' in recipient && recipient.bytes.length).toBe(32);
  });

  it('round-trips any bytes, and its checksum catches any one character changed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (bytes, pick) => {
        const text = bech32Encode('age', bytes);
        const back = bech32Decode(text);
        if (!('bytes' in back) || Buffer.from(back.bytes).compare(Buffer.from(bytes)) !== 0) return false;
        const at = 4 + (pick % (text.length - 4));
        const swapped = text[at] === 'q' ? 'p' : 'q';
        return 'error' in bech32Decode(text.slice(0, at) + swapped + text.slice(at + 1));
      }),
    );
    expect(bech32Decode('Age1qqqq')).toEqual({ error: 'it mixes upper and lower case' });
  });
});

describe('base32 (extended hex, lowercase)', () => {
  it('round-trips any bytes, and keeps their order', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => Buffer.from(base32Decode(base32Encode(bytes))!).equals(Buffer.from(bytes))));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 5, maxLength: 5 }), (a, b) => {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const text = Math.sign(base32Encode(a) < base32Encode(b) ? -1 : base32Encode(a) > base32Encode(b) ? 1 : 0);
        return bytes === text;
      }),
    );
  });

  it('refuses what it never writes: other characters, stray padding bits', () => {
    expect(base32Encode(Buffer.from('f'))).toBe('co');
    expect(base32Decode('co')).toEqual(Uint8Array.from([0x66]));
    expect(base32Decode('cp')).toBeUndefined();
    expect(base32Decode('CO')).toBeUndefined();
    expect(base32Decode('c')).toBeUndefined();
  });
});
