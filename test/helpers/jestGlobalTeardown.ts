/** Stops the server that jestGlobalSetup.ts started (declared there on globalThis). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.threefoldS3Server?.stop();
  globalThis.threefoldS3Server = undefined;
}
