import { generationText, type MhlEntry } from '../../../native-helper/mhl/manifest';
import { GenerationError, readGeneration } from '../../../native-helper/mhl/readGeneration';

const header = { process: 'transfer' as const, creationDate: new Date('2026-12-07T10:00:00Z'), hostname: 'studio', toolVersion: '1.0.0' };

async function* bytesOf(pieces: AsyncIterable<string> | Iterable<string>): AsyncGenerator<Uint8Array> {
  for await (const piece of pieces) {
    const bytes = Buffer.from(piece, 'utf8');
    // Split into small chunks: a character and a tag may straddle two.
    for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
  }
}

async function read(chunks: AsyncIterable<Uint8Array>): Promise<MhlEntry[]> {
  const entries: MhlEntry[] = [];
  await readGeneration(chunks, (e) => entries.push(e), 'gen.mhl');
  return entries;
}

describe('readGeneration', () => {
  it('reads back every entry a generation Threefold writes holds (mtime to the second)', async () => {
    const written: MhlEntry[] = [
      {
        path: 'MEDIA/Proj/A001.mov',
        size: 300_000,
        mtimeMs: 1_765_000_000_123,
        xxh64: '0123456789abcdef',
        action: 'original',
        hashDate: new Date('2026-12-07T10:00:01Z'),
      },
      {
        path: 'MEDIA/Sc\u00e8ne <1> & "2".wav',
        size: 0,
        mtimeMs: 1_765_000_001_000,
        xxh64: 'fedcba9876543210',
        action: 'failed',
        hashDate: new Date('2026-12-07T10:00:02Z'),
      },
    ];
    expect(await read(bytesOf(generationText(header, written)))).toEqual(written.map((e) => ({ ...e, mtimeMs: Math.floor(e.mtimeMs / 1000) * 1000 })));
  });

  it('passes over a hash without an xxh64 or with fields it cannot read', async () => {
    const xml = `<hashlist xmlns="urn:ASC:MHL:v2.0" version="2.0"><hashes>
      <hash><path size="1" lastmodificationdate="2026-01-01T00:00:00+00:00">a</path><md5 action="original" hashdate="2026-01-01T00:00:00+00:00">x</md5></hash>
      <hash><path size="-4" lastmodificationdate="2026-01-01T00:00:00+00:00">b</path><xxh64 action="original" hashdate="2026-01-01T00:00:00+00:00">0123456789abcdef</xxh64></hash>
      <hash><path size="5" lastmodificationdate="2026-01-01T00:00:00+00:00">c</path><xxh64 action="original" hashdate="2026-01-01T00:00:00+00:00">0123456789abcdef</xxh64></hash>
    </hashes></hashlist>`;
    expect((await read(bytesOf([xml]))).map((e) => e.path)).toEqual(['c']);
  });

  it.each([
    ['truncated XML', '<hashlist><hashes><hash><path size="1">a'],
    ['nesting too deep', `<hashlist>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</hashlist>`],
    ['bytes that are not UTF-8', Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])],
  ])('refuses %s with a message that names the generation', async (_label, content) => {
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      yield typeof content === 'string' ? Buffer.from(content) : content;
    };
    await expect(read(chunks())).rejects.toThrow(GenerationError);
    await expect(read(chunks())).rejects.toThrow(/gen\.mhl is not an ASC MHL generation Threefold can read/);
  });
});
