import S3rver from 's3rver';

/**
 * The demo's offsite destination: a small S3 server (s3rver) on loopback, run as a process of its own so
 * the demo can run the CLI synchronously beside it. Prints `{"port":N}` once it listens; stops on SIGTERM.
 * Tests use OpenStack Swift instead: s3rver lacks the calls that resuming an upload needs.
 */
async function main(): Promise<void> {
  const [directory, bucket] = process.argv.slice(2) as [string, string];
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`the demo's S3 server did not start: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
