// doctor and uninstall --purge-home with an S3 destination whose key pair Threefold stored (the shared AWS
// credentials file under HOME: no keychain answers here), against the real S3 test server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DoctorReport } from '../../src/doctor/doctorChecks';
import { BIN, type CliResult } from '../helpers/cli';
import { useCredentialHomes } from '../helpers/credentialHomes';
import { fakeSystemctl } from '../helpers/fakeSystemctl';
import { testS3Server } from '../helpers/s3Server';

const t = useCredentialHomes('install');
const server = () => testS3Server();
const credentialsFile = () => path.join(t.userHome, '.aws', 'credentials');

/** The CLI without AWS keys in its environment, HOME and the service manager in the test's folder. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^AWS_|^THREEFOLD_TEST_S3_|^DBUS_/.test(name)) clean[name] = value;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...clean, ...fakeSystemctl(t.dir).env, THREEFOLD_HOME: t.home, HOME: t.userHome, AWS_REGION: server().region, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function addBucket(): void {
  const args = ['dest', 'add', 'b2', `s3://${t.bucket}/threefold`, '--provider', 'minio', '--endpoint', server().endpoint];
  const added = cli([...args, '--access-key-id', server().accessKeyId, '--secret-from-env', 'B2_SECRET'], { B2_SECRET: server().secretAccessKey });
  expect(added).toMatchObject({ code: 0, stderr: '' });
}

it('doctor probes the bucket with the stored keys and says where they are, never what they are', () => {
  addBucket();
  const r = cli(['doctor', '--json', '--port', '1']);
  const report = JSON.parse(r.stdout) as DoctorReport;
  expect(report.lines.find((l) => l.subject === 'destination b2')).toEqual({
    subject: 'destination b2',
    level: 'ok',
    found: expect.stringMatching(
      new RegExp(
        `^s3://${t.bucket}/threefold at ${server().endpoint} \\(keys in ${credentialsFile()} \\[threefold-b2-[0-9a-f]{8}\\]\\) writes, reads back and deletes; free space not reported$`,
      ),
    ),
  });
  expect(r.stdout).not.toContain(server().secretAccessKey);
});

it('uninstall --purge-home forgets the key pair Threefold stored and keeps the other profiles', () => {
  fs.mkdirSync(path.dirname(credentialsFile()), { recursive: true });
  fs.writeFileSync(credentialsFile(), '[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = keep-me\n');
  addBucket();
  expect(fs.readFileSync(credentialsFile(), 'utf8')).toMatch(/\[threefold-b2-[0-9a-f]{8}\]/);

  const r = cli(['helper', 'uninstall', '--purge-home', '--yes']);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(fs.existsSync(t.home)).toBe(false);
  const left = fs.readFileSync(credentialsFile(), 'utf8');
  expect(left).not.toContain('threefold-b2');
  expect(left).toContain('[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = keep-me\n');
});
