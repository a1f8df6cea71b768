// `threefold doctor` on real homes: a helper process on a real port, local folders (one unplugged), the
// real catalog (intact, then damaged), the built CLI's exit code and JSON.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { DoctorReport } from '../../src/doctor/doctorChecks';
import { runCli, runCliAsync, runCliJson } from '../helpers/cli';
import { closedPort } from '../helpers/closedPort';
import { fakeSystemctl } from '../helpers/fakeSystemctl';
import { type HelperProcess, pairingCode, spawnHelper } from '../helpers/helperHarness';
import { apiCall } from '../helpers/helperHttp';
import { makeTempDir, pseudoRandomBytes, writeFile } from '../helpers/tempDir';
import { addTwoLocalFolders } from '../helpers/twoFolderHelper';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: HelperProcess | undefined;

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
});

afterEach(async () => {
  await helper?.stop();
  helper = undefined;
  temp.cleanup();
});

/** Doctor with HOME and XDG_CONFIG_HOME in the temp folder: no login service of this machine is seen. */
function doctor(port: number) {
  return runCliJson<DoctorReport>(home, ['doctor', '--port', String(port)], { env: fakeSystemctl(temp.dir).env });
}
const lineOf = (report: DoctorReport, subject: string) => report.lines.find((l) => l.subject === subject);

describe('threefold doctor', () => {
  it('a working home: the helper answering, the catalog intact, each destination probed, the paired panel; an unplugged disk only warns', async () => {
    const { usb } = addTwoLocalFolders(home, temp.dir);
    const clip = writeFile(path.join(temp.dir, 'media', 'A001.mov'), pseudoRandomBytes(20_000, 1));
    expect(runCli(home, ['protect', clip]).code).toBe(0);
    helper = await spawnHelper(home);
    expect((await apiCall(helper.port, { id: 'p', type: 'pair', code: pairingCode(home), client: 'Threefold panel (Premiere Pro)' })).status).toBe(200);
    fs.rmSync(usb, { recursive: true });

    const { code, json } = doctor(helper.port);
    expect(code).toBe(0);
    expect(json.level).toBe('warn');
    expect(lineOf(json, 'runtime')).toMatchObject({ level: 'ok', found: expect.stringContaining(process.version) });
    expect(lineOf(json, 'helper')).toMatchObject({
      level: 'warn',
      found: expect.stringContaining(`answers on 127.0.0.1:${helper.port}; not installed as a login service`),
      next: expect.stringContaining('threefold setup'),
    });
    expect(lineOf(json, 'catalog')).toMatchObject({
      level: 'ok',
      found: expect.stringMatching(/intact \(quick_check\), schema \d+; 1 files, 2 copies \(2 verified\), 1 jobs/),
    });
    expect(lineOf(json, 'config')).toMatchObject({ level: 'ok', found: expect.stringContaining('2 destinations') });
    expect(lineOf(json, 'destination raid')).toMatchObject({
      level: 'ok',
      found: expect.stringMatching(/writes, reads back and deletes; [\d.]+ [kMGT]?B free/),
    });
    expect(lineOf(json, 'destination usb')).toMatchObject({ level: 'warn', found: expect.stringContaining('is not there now') });
    expect(lineOf(json, 'panel')).toMatchObject({
      level: 'ok',
      found: expect.stringMatching(/^0\.1\.0 ships with this Threefold \(.*manifest\.json\); paired: "Threefold panel \(Premiere Pro\)" last seen/),
    });
    expect(lineOf(json, 'Lightroom plug-in')).toMatchObject({ level: 'warn', found: expect.stringContaining('0.1.0 ships with this Threefold') });
    // The probe leaves nothing behind.
    expect(fs.readdirSync(path.join(temp.dir, 'raid')).filter((n) => n.startsWith('.threefold-probe'))).toEqual([]);
  });

  it('fails, with exit 1, a damaged catalog, a broken config.json and a login service whose helper does not answer; the text says what to do', async () => {
    const port = await closedPort();
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, 'catalog.sqlite'), Buffer.alloc(8192, 0x41));
    fs.writeFileSync(path.join(home, 'config.json'), '{ "destinations": [ }');
    const systemctl = fakeSystemctl(temp.dir);
    fs.mkdirSync(systemctl.unitDir, { recursive: true });
    fs.writeFileSync(path.join(systemctl.unitDir, 'threefold-helper.service'), '[Service]\n');

    const { code, json } = doctor(port);
    expect(code).toBe(1);
    expect(json.level).toBe('fail');
    expect(lineOf(json, 'catalog')).toMatchObject({ level: 'fail', found: expect.stringContaining('is damaged') });
    expect(lineOf(json, 'config')).toMatchObject({
      level: 'fail',
      found: expect.stringContaining('is not valid JSON'),
      next: expect.stringContaining('config.json'),
    });
    expect(lineOf(json, 'helper')).toMatchObject({
      level: 'fail',
      found: expect.stringContaining(`no helper answers on 127.0.0.1:${port}, though it starts at login`),
    });

    const text = runCli(home, ['doctor', '--port', String(port)], { env: systemctl.env });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^Threefold doctor: 3 to fix, \d+ warnings?\.\n/);
    expect(text.stdout).toContain(`fail  helper: no helper answers on 127.0.0.1:${port}`);
    expect(text.stdout).toContain(`      next: read ${path.join(home, 'logs', 'helper.log')}`);
  });

  it('a fresh home: no catalog made, no destinations yet, a port held by another program', async () => {
    const other = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      // Not spawnSync: this process must go on answering as the other program.
      const r = await runCliAsync(home, ['doctor', '--json', '--port', String((other.address() as { port: number }).port)], {
        env: fakeSystemctl(temp.dir).env,
      });
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout) as DoctorReport;
      expect(lineOf(json, 'helper')).toMatchObject({ level: 'fail', found: expect.stringContaining('not a Threefold helper holds') });
      expect(lineOf(json, 'helper')!.found).toContain('404');
      expect(lineOf(json, 'catalog')).toMatchObject({ level: 'ok', found: expect.stringContaining('none yet') });
      expect(lineOf(json, 'destinations')).toMatchObject({ level: 'warn', next: expect.stringContaining('threefold dest add') });
      expect(fs.existsSync(path.join(home, 'catalog.sqlite'))).toBe(false);
    } finally {
      other.close();
    }
  });
});
