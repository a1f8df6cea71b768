import fs from 'node:fs';
import path from 'node:path';
import { jsonTextPieces } from '../../../native-helper/cli/render/jsonText';
import { statusTableLines } from '../../../native-helper/cli/render/statusTable';
import { asLines, endingWithNewline, writeText } from '../../../native-helper/cli/render/writeText';
import type { AssetStatus, StatusDocument } from '../../../native-helper/engine/status';
import { DEFAULT_POLICY } from '../../../src/policy/policy';
import { summarize } from '../../../src/policy/summarize';
import { makeTempDir } from '../../helpers/tempDir';

const asset = (p: string, extra: Partial<AssetStatus> = {}): AssetStatus => ({
  path: p,
  size: 1500,
  xxh64: null,
  state: 'partial',
  label: 'no offsite',
  copies: 2,
  media: ['raid', 'ssd'],
  offsite: 0,
  missing: ['offsite'],
  locations: [{ destination: 'raid', location: `/raid${p}`, verifiedAt: '2026-11-26T00:00:00.000Z' }],
  ...extra,
});

function statusDocument(assets: AssetStatus[]): StatusDocument {
  return {
    target: '/p/Film.prproj',
    projects: [{ target: '/p/Film.prproj', kind: 'premiere', name: 'Film', version: null }],
    policy: { ...DEFAULT_POLICY },
    summary: summarize(assets),
    assets,
    warnings: [],
  };
}

describe('the CLI output, piece by piece', () => {
  it('writes JSON exactly as JSON.stringify(value, null, 2) does, whatever the values', () => {
    const values: object[] = [
      {},
      { empty: [], nothing: undefined, f: () => 1, nested: { a: [1, { b: 'x\ny "q"' }], c: null } },
      {
        ...statusDocument([asset('/p/a.mov', { role: 'media', clips: ['A', 'B'] }), asset('/p/é\u2028.mov', { problem: 'copy on raid: bad' })]),
        job: { id: 3, failed: [] },
      },
      { list: [undefined, () => 1, new Date(0), 'two'], tail: 'end' },
    ];
    for (const value of values) expect([...jsonTextPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('gives the table line by line, columns as wide as their widest cell, problems and summary after', () => {
    const lines = [
      ...statusTableLines(
        statusDocument([
          asset('/p/media/a.mov', { role: 'media' }),
          asset('/p/Film.prproj', { role: 'project', size: 2_000_000, problem: 'copy on raid: bad' }),
        ]),
      ),
    ];
    expect(lines).toEqual([
      'STATE    3-2-1       ROLE       SIZE  PATH',
      'partial  no offsite  media    1.5 kB  media/a.mov',
      'partial  no offsite  project  2.0 MB  Film.prproj',
      '! Film.prproj: copy on raid: bad',
      '',
      '0 of 2 files protected (2.0 MB): 2 partial. policy 3 copies · 2 media · 1 offsite (of /p/Film.prproj)',
    ]);
  });

  it('writes pieces to a stream in order, waiting for it to drain', async () => {
    const temp = makeTempDir();
    try {
      const file = path.join(temp.dir, 'out.txt');
      const stream = fs.createWriteStream(file, { highWaterMark: 16 });
      const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
      await writeText(stream, endingWithNewline(asLines(lines)));
      await new Promise((resolve) => stream.end(resolve));
      expect(fs.readFileSync(file, 'utf8')).toBe(`${lines.join('\n')}\n\n`);
    } finally {
      temp.cleanup();
    }
  });
});
