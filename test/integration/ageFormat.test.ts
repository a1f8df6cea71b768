import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DestinationError, type ObjectWriter } from '../../native-helper/destinations/destination';
import { AgeError, decryptWhole, encryptWhole, startAgeFile } from '../../native-helper/destinations/crypt/ageFormat';
import { decryptChunks } from '../../native-helper/destinations/crypt/decryptingReader';
import { createEncryptingWriter } from '../../native-helper/destinations/crypt/encryptingWriter';
import { generateIdentity, parseIdentity } from '../../native-helper/destinations/crypt/ageIdentity';
import { makeTempDir, pseudoRandomBytes } from '../helpers/tempDir';

// Debian's `age` (the reference implementation's CLI) is the oracle: what Threefold writes, it reads, and back.
describe('the age format, against the age tool', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it.each([0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 200_000])('%d bytes: age decrypts what Threefold encrypts, and Threefold what age encrypts', (size) => {
    const identity = generateIdentity();
    const identityFile = path.join(dir, 'identity.txt');
    fs.writeFileSync(identityFile, `${identity.phrase}\n`);
    const plain = pseudoRandomBytes(size, size);
    const file = path.join(dir, 'x.age');
    fs.writeFileSync(file, encryptWhole(identity.point, plain));
    expect(execFileSync('age', ['-d', '-i', identityFile, file]).equals(plain)).toBe(true);
    const byAge = execFileSync('age', ['-r', identity.recipient], { input: plain });
    expect(decryptWhole(identity.privateKey, byAge).equals(plain)).toBe(true);
  });

  it('derives the recipient age-keygen derives from the same recovery phrase', () => {
    const identity = generateIdentity();
    const identityFile = path.join(dir, 'identity.txt');
    fs.writeFileSync(identityFile, `${identity.phrase}\n`);
    expect(execFileSync('age-keygen', ['-y', identityFile]).toString().trim()).toBe(identity.recipient);
    const parsed = parseIdentity(identity.phrase.toLowerCase());
    expect('error' in parsed ? parsed.error : parsed.recipient).toBe(identity.recipient);
  });

  it('refuses a file for another key as not for this identity, and an altered byte as damaged', () => {
    const identity = generateIdentity();
    const file = encryptWhole(identity.point, pseudoRandomBytes(100_000, 1));
    const reason = (f: () => unknown): string => {
      try {
        f();
        return 'opened';
      } catch (error) {
        return error instanceof AgeError ? error.reason : String(error);
      }
    };
    expect(reason(() => decryptWhole(generateIdentity().privateKey, file))).toBe('not-for-identity');
    // A stanza altered no longer unwraps for anyone: age cannot tell it from a file for another key.
    const stanza = Buffer.from(file);
    stanza[40]! ^= 1;
    expect(reason(() => decryptWhole(identity.privateKey, stanza))).toBe('not-for-identity');
    // The header's MAC, the payload's nonce, a chunk, the last byte.
    for (const at of [150, 170, 200, file.length - 1]) {
      const altered = Buffer.from(file);
      altered[at]! ^= 1;
      expect(reason(() => decryptWhole(identity.privateKey, altered))).toBe('damaged');
    }
    expect(reason(() => decryptWhole(identity.privateKey, file.subarray(0, file.length - 65_552 + 100)))).toBe('damaged');
  });

  it.each([0, 1, 65_536, 131_072, 131_073, 4 * 1024 * 1024 + 5])(
    'the streaming writer, given %d bytes in uneven writes, makes a file age decrypts and the reader reads back',
    async (size) => {
      const identity = generateIdentity();
      const identityFile = path.join(dir, 'identity.txt');
      fs.writeFileSync(identityFile, `${identity.phrase}\n`);
      const written: Buffer[] = [];
      const sink: ObjectWriter = {
        write: async (chunk) => void written.push(Buffer.from(chunk)),
        seal: async () => undefined,
        verify: async () => undefined,
        commit: async () => 'sink',
        abort: async () => undefined,
      };
      const writer = await createEncryptingWriter(sink, startAgeFile(identity.point), size, 'sink', (m) => new DestinationError('sink', m));
      const plain = pseudoRandomBytes(size, size + 3);
      // Writes that cross chunk boundaries anywhere: 1 byte, a whole chunk and more, then the rest.
      for (let at = 0, step = 1; at < size; at += step, step = step * 7 + 65_536) await writer.write(plain.subarray(at, at + step));
      await writer.seal();
      const file = path.join(dir, 'streamed.age');
      fs.writeFileSync(file, Buffer.concat(written));
      expect(execFileSync('age', ['-d', '-i', identityFile, file], { maxBuffer: 16 * 1024 * 1024 }).equals(plain)).toBe(true);
      const back: Uint8Array[] = [];
      for await (const chunk of decryptChunks(
        (async function* () {
          yield* written;
        })(),
        identity.privateKey,
      ))
        back.push(chunk);
      expect(Buffer.concat(back).equals(plain)).toBe(true);
    },
  );
});
