import { loadConfig, saveConfig, type S3DestinationConfig } from '../../native-helper/config/config';
import { testS3Server, uniqueBucket } from './s3Server';
import type { TestWorkspace } from './workspace';

/** The environment a Threefold process needs to sign for the test server (the standard AWS chain). */
export function s3Environment(): NodeJS.ProcessEnv {
  const server = testS3Server();
  return { AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey, AWS_REGION: server.region };
}

/** Adds a fresh bucket on the test server to a workspace as an offsite cloud destination. */
export async function addCloudDestination(ws: TestWorkspace, name = 'cloud', endpoint = testS3Server().endpoint): Promise<S3DestinationConfig> {
  Object.assign(process.env, s3Environment());
  const destination: S3DestinationConfig = {
    name,
    kind: 's3',
    bucket: await uniqueBucket('protect'),
    prefix: 'threefold',
    endpoint,
    region: 'us-east-1',
    pathStyle: true,
    media: 'cloud',
    offsite: true,
  };
  const config = await loadConfig(ws.home);
  await saveConfig(ws.home, { ...config, destinations: [...config.destinations, destination] });
  ws.config = await loadConfig(ws.home);
  return destination;
}
