import { publishS3Server, startS3Server, type S3TestServer } from './s3Server';

declare global {
  // Jest runs global setup and teardown in its parent process, so this is how teardown finds the server.
  var threefoldS3Server: S3TestServer | undefined;
}

/** One S3 server (Swift, a few seconds to start) for the whole run rather than one per suite. */
export default async function globalSetup(): Promise<void> {
  // The test helpers' own S3 clients would print the SDK's Node 22 notice in every worker (the product sets this too).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  globalThis.threefoldS3Server = await startS3Server();
  publishS3Server(globalThis.threefoldS3Server);
}
