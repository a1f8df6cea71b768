import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { s3Client, testS3Server } from './s3Server';

/** An environment without AWS keys or a session bus: only what Threefold stored reaches a bucket, and key pairs go to HOME's ~/.aws/credentials. */
export function credentialFreeEnv(userHome: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^AWS_|^THREEFOLD_TEST_S3_|^DBUS_|^XDG_RUNTIME/.test(name)) env[name] = value;
  return { ...env, HOME: userHome, AWS_REGION: 'us-east-1', ...extra };
}

/** Every file under a folder that holds `secret` (as bytes), except the one store it belongs in. */
export function filesHolding(folder: string, secret: string, except: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => f !== except && fs.readFileSync(f).toString('latin1').includes(secret));
}

/** The keys of a bucket's objects (state snapshots, manifests, copies) whose bytes, gunzipped where compressed, hold `secret`. */
export async function objectsHolding(bucket: string, secret: string): Promise<{ objects: number; holding: string[] }> {
  const client = s3Client(testS3Server());
  try {
    const listed = (await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
    const holding: string[] = [];
    for (const { Key } of listed) {
      const body = Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray());
      if ((body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('latin1').includes(secret)) holding.push(Key!);
    }
    return { objects: listed.length, holding };
  } finally {
    client.destroy();
  }
}
