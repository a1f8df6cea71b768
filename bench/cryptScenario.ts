import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { loadConfig, saveConfig } from '../native-helper/config/config';
import { generateIdentity } from '../native-helper/destinations/crypt/ageIdentity';
import { startS3Server, uniqueBucketOn, type S3TestServer } from '../test/helpers/s3Server';
import { credentialsEnv } from './cloudScenario';
import { runRounds, threefoldProtect, writePatterned, type Measurement } from './measure';
import type { ScenarioResult } from './report';

/**
 * Client-side encryption's cost: one big file uploaded by `threefold protect` to an encrypted bucket and to a
 * plain one on the same loopback S3 server (OpenStack Swift), alternating, a fresh bucket and home each run.
 */
export async function benchCrypt(root: string, bytes: number, runs: number, say: (line: string) => void): Promise<ScenarioResult> {
  say('crypt: starting a loopback S3 server (OpenStack Swift)…');
  const server = await startS3Server();
  try {
    const source = path.join(root, 'crypt-big');
    fs.mkdirSync(source, { recursive: true });
    say(`crypt: writing ${formatBytes(bytes)}…`);
    writePatterned(path.join(source, 'A001.mov'), bytes, 3);
    const name = `upload one ${formatBytes(bytes)} file to S3, encrypted (age, --encrypt)`;
    say(`crypt: ${name}…`);
    const [encrypted, plain] = await runRounds(runs, [() => protectToBucket(root, server, source, true), () => protectToBucket(root, server, source, false)]);
    fs.rmSync(source, { recursive: true, force: true });
    return {
      name,
      bytes,
      ours: encrypted!,
      baselines: [{ name: 'the same upload unencrypted, same server', runs: plain!, maxRatio: 1.3, target: "< 1.3× the unencrypted upload's time" }],
    };
  } finally {
    await server.stop();
  }
}

async function protectToBucket(root: string, server: S3TestServer, source: string, encrypt: boolean): Promise<Measurement> {
  const bucket = await uniqueBucketOn(server, 'crypt');
  const home = path.join(root, `crypt-home-${bucket}`);
  const userHome = path.join(root, `crypt-user-${bucket}`);
  const identity = generateIdentity();
  // The key as `dest add --encrypt` files it where no keychain answers.
  fs.mkdirSync(path.join(userHome, '.threefold-keys'), { recursive: true });
  fs.writeFileSync(path.join(userHome, '.threefold-keys', 'cloud.txt'), `${identity.phrase}\n`, { mode: 0o600 });
  await saveConfig(home, {
    ...(await loadConfig(home)),
    destinations: [
      {
        name: 'cloud',
        kind: 's3',
        bucket,
        prefix: '',
        endpoint: server.endpoint,
        region: server.region,
        pathStyle: true,
        media: 'cloud',
        offsite: true,
        ...(encrypt ? { encryption: { recipient: identity.recipient, names: false, key: 'file' as const } } : {}),
      },
    ],
  });
  const env: NodeJS.ProcessEnv = { ...credentialsEnv(server), HOME: userHome };
  for (const name of Object.keys(process.env)) if (name.startsWith('DBUS_')) env[name] = '';
  const m = await threefoldProtect(home, source, env);
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(userHome, { recursive: true, force: true });
  return m;
}
