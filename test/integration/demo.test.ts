import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

describe('npm run demo', () => {
  it('runs the main job end to end on a generated sample and tells the truth about offsite', () => {
    const demo = path.resolve(__dirname, '../../build/native-helper/demo/main.js');
    const r = spawnSync(process.execPath, [demo, '--small'], { encoding: 'utf8' });
    const root = /Threefold demo in (.+)\n/.exec(r.stdout)?.[1];
    try {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Copied and verified 15 files');
      expect(r.stdout).toContain('0 of 15 files protected');
      expect(r.stdout).toContain('15 partial');
      expect(r.stdout).toMatch(/partial\s+no offsite\s+1\.0 MB\s+Footage\/Day 1\/A001_C001 Quai des Brumes\.mov/);
      expect(r.stdout).toContain('copied 0 files; 15 already had verified copies everywhere');
      expect(r.stdout).toContain('Verified 30 of 30 copies');
      expect(fs.readdirSync(path.join(root!, 'Volumes', 'RAID', 'threefold', 'ascmhl')).filter((n) => n.endsWith('.mhl'))).toHaveLength(2);
    } finally {
      if (root) fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
