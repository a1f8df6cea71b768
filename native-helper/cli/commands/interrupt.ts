/**
 * While a job runs in the terminal, the first Ctrl-C (SIGINT) cancels it: it stops within its current file
 * and ends recorded as cancelled. A second Ctrl-C ends the process at once.
 */
export function cancelOnInterrupt(job: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const interrupted = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\nthreefold: cancelling the ${job} (Ctrl-C again to stop at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', interrupted);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', interrupted) };
}
