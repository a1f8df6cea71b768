import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../../src/format/formatBytes';
import { syntheticMedia, writePremiereProject } from './premiereProjectWriter';
import { FULL_SAMPLE, SMALL_SAMPLE, writeSampleMedia } from './sampleMedia';

const BIN = path.resolve(__dirname, '../../../bin/threefold.js');
const DEMO_BUCKET = 'threefold-demo';

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
  say(`Writing a Premiere Pro project that uses ${used.length} of them: ${project}`);
  const cloud = await startEmbeddedS3Server(path.join(root, 'S3'));
  say(`Starting a small S3 server on ${cloud.endpoint} to stand in for the cloud (bucket ${DEMO_BUCKET})\n`);
  try {
    return runSteps(
      home,
      [
        ['Add a RAID mirror', ['dest', 'add', 'raid', raid, '--media', 'raid']],
        ['Add a shuttle drive', ['dest', 'add', 'shuttle', shuttle, '--media', 'hdd']],
        [
          'Add the offsite bucket (S3): checked before it is saved',
          ['dest', 'add', 'offsite', `s3://${DEMO_BUCKET}/ferry`, '--endpoint', cloud.endpoint, '--path-style'],
        ],
        ['What the project depends on', ['scan', project]],
        ['Protect the project: read once, copy to both disks, read back, verify, then upload from the RAID copy; record; write ASC MHL', ['protect', project]],
        ['Protect again: nothing changed, nothing to copy', ['protect', project, '--json']],
        ['Re-read every local copy; check each cloud object', ['verify']],
        ['A restore drill: a sample from every destination, the bucket included, restored to a temporary folder and verified', ['drill']],
      ],
      // This Node (24, the one npm gave the demo), not the system's `node`, which may be older.
      [
        `Look around:  THREEFOLD_HOME=${quote(home)} ${quote(process.execPath)} ${quote(BIN)} status ${quote(project)}`,
        `Manifests:    ls ${quote(path.join(raid, 'ascmhl'))}`,
        `Clean up:     rm -rf ${quote(root)}`,
      ],
    );
  } finally {
    cloud.stop();
  }
}

function runSteps(home: string, steps: Array<[string, string[]]>, closing: string[]): number {
  // The embedded server's keys, through the standard AWS environment variables (never in config.json).
  const env = { ...process.env, THREEFOLD_HOME: home, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  for (const [title, args] of steps) {
    say(`$ threefold ${args.map(quote).join(' ')}    # ${title}`);
    const quiet = args.includes('--json');
    const r = spawnSync(process.execPath, [BIN, ...args], { env, stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
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
  for (const line of closing) say(line);
  return 0;
}

/** Starts embeddedS3Server.js as a child and waits for the port it listens on. */
function startEmbeddedS3Server(directory: string): Promise<{ endpoint: string; stop(): void }> {
  fs.mkdirSync(directory, { recursive: true });
  const child = spawn(process.execPath, [path.join(__dirname, 'embeddedS3Server.js'), directory, DEMO_BUCKET], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the demo's S3 server exited (${code}) before it listened`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = /^(\{.*\})\n/.exec(output)?.[1];
      if (line === undefined) return;
      const { port } = JSON.parse(line) as { port: number };
      child.removeAllListeners('exit');
      resolve({ endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') });
    });
  });
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
