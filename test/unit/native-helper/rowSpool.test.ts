import fs from 'node:fs';
import fc from 'fast-check';
import { RowSpool } from '../../../native-helper/reports/rowSpool';
import { makeTempDir } from '../../helpers/tempDir';

describe('RowSpool', () => {
  it('gives back every row appended, in order, each time it is read, whatever the rows hold', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }), { maxLength: 30 }), (rows) => {
        const temp = makeTempDir();
        const spool = RowSpool.create(temp.dir, 'rows.jsonl');
        try {
          for (const row of rows) spool.append(row);
          expect(spool.count).toBe(rows.length);
          expect([...spool.rows()]).toEqual(rows);
          expect([...spool.rows()]).toEqual(rows);
        } finally {
          spool.close();
          temp.cleanup();
        }
      }),
      { numRuns: 50 },
    );
  });

  it('reads rows across its write and read chunks (a multi-byte character split between two), and rows appended after a read', () => {
    const temp = makeTempDir();
    const spool = RowSpool.create(temp.dir, 'rows.jsonl');
    try {
      const rows = Array.from({ length: 40_000 }, (_, i) => [`/Volumes/MEDIA/Île ${i}/שלום\n${'é'.repeat(i % 7)}.mov`, String(i)]);
      for (const row of rows.slice(0, 30_000)) spool.append(row);
      expect([...spool.rows()]).toEqual(rows.slice(0, 30_000));
      for (const row of rows.slice(30_000)) spool.append(row);
      expect([...spool.rows()]).toEqual(rows);
      expect(fs.statSync(`${temp.dir}/rows.jsonl`).size).toBeGreaterThan(2 * 1024 * 1024);
      expect(fs.statSync(`${temp.dir}/rows.jsonl`).mode & 0o777).toBe(0o600);
    } finally {
      spool.close();
      temp.cleanup();
    }
  });
});
