import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SqliteDatabase } from '../../native-helper/sqlite/sqliteDatabase';
import { runCli } from '../helpers/cli';

describe('npm run demo', () => {
  it('runs the main job end to end on a generated sample and reaches 3-2-1 with the embedded S3 server', () => {
    const demo = path.resolve(__dirname, '../../build/native-helper/demo/main.js');
    const r = spawnSync(process.execPath, [demo, '--small'], { encoding: 'utf8' });
    const root = /Threefold demo in (.+)\n/.exec(r.stdout)?.[1];
    try {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // The project uses 11 of the 15 sample files; it and they are protected, a title is skipped.
      expect(r.stdout).toMatch(/Ferry Doc: Premiere Pro project, version 38/);
      expect(r.stdout).toMatch(/media\s+11 files, 3\.3 MB/);
      expect(r.stdout).toContain('1 synthetic item');
      expect(r.stdout).toContain('Copied and verified 12 files');
      // Two local disks and the embedded S3 server as the offsite copy: the rule is met.
      expect(r.stdout).toContain('Added destination "offsite": s3://threefold-demo/ferry (media cloud, offsite)');
      expect(r.stdout).toContain('12 of 12 files protected');
      expect(r.stdout).toMatch(/protected\s+3-2-1 ✓\s+project\s+\d+ B\s+Ferry Doc\.prproj/);
      expect(r.stdout).toMatch(/protected\s+3-2-1 ✓\s+media\s+1\.0 MB\s+Media\/Footage\/Day 1\/A001_C001 Quai des Brumes\.mov/);
      expect(r.stdout).toContain('copied 0 files; 12 already had verified copies everywhere');
      expect(r.stdout).toContain('Verified 36 of 36 copies');
      // It ends with a drill: 20 of the 36 copies restored, from each disk and the bucket.
      expect(r.stdout).toMatch(/Drill passed: restored and verified 20 of 20 files/);
      for (const d of ['offsite', 'raid', 'shuttle']) expect(r.stdout).toMatch(new RegExp(`^  ${d}: (\\d+) of \\1 files, `, 'm'));
      expect(r.stdout).toMatch(/The temporary folder .*threefold-drill-\w+ was removed\./);
      expect(fs.readdirSync(path.join(root!, 'Volumes', 'RAID', 'threefold', 'ascmhl')).filter((n) => n.endsWith('.mhl'))).toHaveLength(2);
      // The protect's report lists every file with the hashes the catalog holds; the project's certificate says 3-2-1.
      const home = path.join(root!, 'home');
      const db = new SqliteDatabase(path.join(home, 'catalog.sqlite'), { readonly: true });
      const assets = db.prepare('SELECT path, xxh64 FROM assets').all() as Array<{ path: string; xxh64: string }>;
      const protectJob = db.prepare(`SELECT min(id) FROM jobs WHERE kind = 'protect'`).pluck().get() as number;
      db.close();
      expect(assets).toHaveLength(12);
      const pdf = path.join(root!, 'protect.pdf');
      expect(runCli(home, ['report', String(protectJob), '--format', 'pdf', '--out', pdf]).code).toBe(0);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const a of assets) expect(text).toContain(`${a.path.replace(/\s+/g, '')}Size(bytes):`);
      for (const a of assets) expect(text).toContain(a.xxh64);
      const project = path.join(root!, 'Projects', 'Ferry', 'Ferry Doc.prproj');
      const certificate = runCli(home, ['report', '--project', project, '--format', 'json', '--out', '-']);
      const facts = (JSON.parse(certificate.stdout) as { facts: Array<{ label: string; value: string }> }).facts;
      expect(facts.find((f) => f.label === 'Verdict')?.value).toBe('every file is 3-2-1');
      expect(facts.find((f) => f.label === 'Files')?.value).toMatch(/^12, /);
    } finally {
      if (root) fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
