// Faults a user can cause or meet, through the built CLI in child processes: each ends with exit code 2
// and one paragraph saying what happened and what to do, never a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, runCli, runCliAsync, type CliResult } from '../helpers/cli';
import { makeTempDir, writeFile } from '../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let media: string;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  media = path.join(temp.dir, 'media');
  fs.mkdirSync(path.join(temp.dir, 'raid'), { recursive: true });
  expect(runCli(home, ['dest', 'add', 'raid', path.join(temp.dir, 'raid'), '--media', 'raid']).code).toBe(0);
});

afterEach(() => temp.cleanup());

const catalogFile = (): string => path.join(home, 'catalog.sqlite');

/** Exit 2 and one paragraph (one line, `threefold: …`), no stack frame. */
function expectMessage(result: CliResult, says: RegExp): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(says) });
  expect(result.stderr).toMatch(/^threefold: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function protectedFiles(count: number): void {
  for (let i = 0; i < count; i++) writeFile(path.join(media, `clip${i}.mov`), Buffer.from(`clip ${i}`));
  expect(runCli(home, ['protect', media]).code).toBe(0);
}

describe('a message and exit 2, not a stack trace', () => {
  it('a relative destination path in config.json', () => {
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as { destinations: Array<{ path: string }> };
    config.destinations[0]!.path = 'Backups/raid';
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config));
    writeFile(path.join(media, 'a.mov'), Buffer.from('a'));
    const result = runCli(home, ['protect', media]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('destinations.0.path: a destination folder is an absolute path');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(temp.dir, 'Backups'))).toBe(false);
  });

  it('a catalog with garbage in its pages says it is damaged and what to do; so does one that is no database', () => {
    protectedFiles(3);
    const size = fs.statSync(catalogFile()).size;
    const page = 4096;
    const fd = fs.openSync(catalogFile(), 'r+');
    fs.writeSync(fd, Buffer.alloc(size - page, 0xa5), 0, size - page, page); // every page but the header's
    fs.closeSync(fd);
    for (const args of [['status'], ['protect', media], ['verify']]) {
      expectMessage(
        runCli(home, args),
        /catalog .*catalog\.sqlite is damaged \(database disk image is malformed\).*untouched.*mv ".*catalog\.sqlite" ".*\.damaged"\), then recover .* `threefold catalog rebuild --from DEST`/,
      );
    }
    fs.writeFileSync(catalogFile(), Buffer.alloc(size, 0x5a));
    expectMessage(runCli(home, ['status']), /is damaged \(file is not a database\).*Move the file aside/);
  });

  it('a catalog another process holds locked for more than ten seconds names that process', async () => {
    protectedFiles(1);
    const holder = spawn(
      process.execPath,
      [
        '-e',
        "const db = new (require('node:sqlite').DatabaseSync)(process.argv[1]); db.exec('BEGIN IMMEDIATE; CREATE TABLE held(x)'); console.log('holding'); setTimeout(() => {}, 60000);",
        catalogFile(),
      ],
      { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      writeFile(path.join(media, 'new.mov'), Buffer.from('new'));
      const started = Date.now();
      const result = await runCliAsync(home, ['protect', media]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
      expectMessage(
        result,
        new RegExp(
          `locked by another process for more than 10 seconds \\(processes that have it open: ${holder.pid} \\(.*node -e.*\\)\\)\\. Wait for it to finish`,
        ),
      );
    } finally {
      holder.kill();
    }
  }, 60_000);

  it.each([
    ['a table', []],
    ['JSON', ['--json']],
  ])('output piped to `head -1` that closes early (%s)', (_what, extra) => {
    for (let i = 0; i < 3000; i++) writeFile(path.join(media, `clip${String(i).padStart(4, '0')}.mov`), Buffer.from(String(i)));
    // As a user types it: the shell's pipe, head exiting after its first line.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, ${PIPESTATUS[0]} is bash's
    const script = '"$0" "$1" status "$2" $3 2>"$4" | head -1 >/dev/null; exit "${PIPESTATUS[0]}"';
    const stderrFile = path.join(temp.dir, 'stderr');
    const run = spawnSync('bash', ['-c', script, process.execPath, BIN, media, extra.join(' '), stderrFile], {
      env: { ...process.env, THREEFOLD_HOME: home },
      encoding: 'utf8',
    });
    expectMessage(
      { code: run.status ?? -1, stdout: '', stderr: fs.readFileSync(stderrFile, 'utf8') },
      /the output was cut short: the program reading it \(such as `head`\) closed it early/,
    );
  });
});
