import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../../src/format/formatBytes';
import { syntheticMedia, writePremiereProject } from './premiereProjectWriter';
import { FULL_SAMPLE, SMALL_SAMPLE, writeSampleMedia } from './sampleMedia';

const BIN = path.resolve(__dirname, '../../../bin/threefold.js');

/**
 * `npm run demo`: the main job end to end on a generated sample, in a temp folder, with the real CLI.
 * `--small` makes a tiny sample (for tests).
 */
async function runDemo(): Promise<number> {
  const small = process.argv.includes('--small');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-demo-'));
  const home = path.join(root, 'home');
  const media = path.join(root, 'Projects', 'Ferry', 'Media');
  const raid = path.join(root, 'Volumes', 'RAID', 'threefold');
  const shuttle = path.join(root, 'Volumes', 'Shuttle', 'threefold');
  for (const folder of [media, raid, shuttle]) fs.mkdirSync(folder, { recursive: true });

  say(`Threefold demo in ${root}`);
  say('Writing a sample media tree…');
  const sample = writeSampleMedia(media, small ? SMALL_SAMPLE : FULL_SAMPLE);
  say(`  ${sample.paths.length} files, ${formatBytes(sample.bytes)} in ${media}`);
  // The editor's project: every clip, sound roll and still, and a title (not a file: skipped).
  const used = sample.paths.filter((p) => !p.includes(`${path.sep}Sidecars${path.sep}`));
  const project = await writePremiereProject(path.join(root, 'Projects', 'Ferry', 'Ferry Doc.prproj'), [
    ...used.map((p) => ({ actualMediaFilePath: p, title: path.basename(p, path.extname(p)) })),
    syntheticMedia('Opening title'),
  ]);
  say(`Writing a Premiere Pro project that uses ${used.length} of them: ${project}\n`);

  const steps: Array<[string, string[]]> = [
    ['Add a RAID mirror', ['dest', 'add', 'raid', raid, '--media', 'raid']],
    ['Add a shuttle drive', ['dest', 'add', 'shuttle', shuttle, '--media', 'hdd']],
    ['What the project depends on', ['scan', project]],
    ['Protect the project: its media and a version of the project file; read once, copy to both, read back, verify, record, write ASC MHL', ['protect', project]],
    ['Protect again: nothing changed, nothing to copy', ['protect', project, '--json']],
    ['Re-read every copy from the destinations', ['verify']],
  ];
  for (const [title, args] of steps) {
    say(`$ threefold ${args.map(quote).join(' ')}    # ${title}`);
    const quiet = args.includes('--json');
    const r = spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, THREEFOLD_HOME: home },
      stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
      encoding: 'utf8',
    });
    if (quiet && r.status === 0) {
      const job = (JSON.parse(r.stdout) as { job: { files: number; upToDate: number } }).job;
      say(`  copied ${job.files} files; ${job.upToDate} already had verified copies everywhere`);
    }
    if (r.status !== 0) {
      say(`\nThe demo stopped: that step exited with ${r.status}.`);
      return r.status ?? 1;
    }
    say('');
  }
  say('Offsite copies (S3) are not built yet, so every file honestly reads "no offsite".');
  say(`Look around:  THREEFOLD_HOME=${quote(home)} node ${quote(BIN)} status ${quote(project)}`);
  say(`Manifests:    ls ${quote(path.join(raid, 'ascmhl'))}`);
  say(`Clean up:     rm -rf ${quote(root)}`);
  return 0;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function quote(s: string): string {
  return /^[\w./@:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

runDemo().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`The demo failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
