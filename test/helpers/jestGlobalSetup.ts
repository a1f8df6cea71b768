import { publishS3Server, startS3Server, type S3TestServer } from './s3Server';

declare global {
  // Jest runs global setup and teardown in its parent process, so this is how teardown finds the server.
  var threefoldS3Server: S3TestServer | undefined;
}

/** One S3 server (Swift, a few seconds to start) for the whole run rather than one per suite. */
export default async function globalSetup(): Promise<void> {
  globalThis.threefoldS3Server = await startS3Server();
  publishS3Server(globalThis.threefoldS3Server);
}
