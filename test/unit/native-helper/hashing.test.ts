import fs from 'node:fs';
import path from 'node:path';
import { createXxh64 } from '../../../native-helper/hash/xxh64';
import { c4FromDigest, c4Id } from '../../../native-helper/mhl/c4';
import { xxhsum } from '../../helpers/oracles';
import { makeTempDir, pseudoRandomBytes } from '../../helpers/tempDir';

async function xxh64Of(...chunks: Uint8Array[]): Promise<string> {
  const h = await createXxh64();
  for (const c of chunks) h.update(c);
  return h.digestHex();
}

describe('xxh64', () => {
  it('matches the ASC MHL reference vectors', async () => {
    expect(await xxh64Of(Buffer.from('media-hash-list'))).toBe('584b2ea1974f2b7c');
    expect(await xxh64Of(Buffer.from('hello world'))).toBe('45ab6734b21e6968');
  });

  it('pads to 16 hex digits and hashes empty input', async () => {
    expect(await xxh64Of()).toBe('ef46db3751d8e999');
  });

  it('gives the same digest however the bytes are chunked', async () => {
    const data = pseudoRandomBytes(1_000_003, 7);
    const whole = await xxh64Of(data);
    expect(await xxh64Of(data.subarray(0, 1), data.subarray(1, 65_537), data.subarray(65_537))).toBe(whole);
  });

  it('agrees with xxhsum -H1 on files of awkward sizes', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      for (const size of [0, 1, 31, 32, 33, 4096, 5_000_001]) {
        const file = path.join(dir, `f${size}`);
        const data = pseudoRandomBytes(size, size + 1);
        fs.writeFileSync(file, data);
        expect(`${size}:${await xxh64Of(data)}`).toBe(`${size}:${xxhsum(file)}`);
      }
    } finally {
      cleanup();
    }
  });
});

describe('C4 id', () => {
  it('matches the published id of "hello, world!"', () => {
    expect(c4Id(Buffer.from('hello, world!'))).toBe('c43AQnB9bDGEwZSsxT1HwhHrCYXDoTrr4hmAJypFwxhTVngqUhVJwQtmJpcmb4Mq9Y6249ZzqNtWRZ8CE2gGSPRc6F');
  });

  it('encodes the all-ones digest as the published id', () => {
    expect(c4FromDigest(Buffer.alloc(64, 0xff))).toBe('c467rpwLCuS5DGA8KGZXKsVQ7dnPb9goRLoKfgGbLfQg9WoLUgNY77E2jT11fem3coV9nAkguBACzrU1iyZM4B8roQ');
  });

  it('pads small digests with leading 1s to 90 characters', () => {
    const id = c4FromDigest(Buffer.alloc(64, 0));
    expect(id).toBe(`c4${'1'.repeat(88)}`);
    expect(c4FromDigest(Buffer.concat([Buffer.alloc(63, 0), Buffer.from([57])]))).toBe(`c4${'1'.repeat(87)}z`);
  });
});
