/**
 * Whether what reads the standard output closed it before the end (`threefold status | head -1`): the
 * rest of the output cannot be written. Watched from the start, so a write that fails (EPIPE) never
 * becomes an unhandled 'error' event that ends the process with a stack trace.
 */
export function watchOutput(stream: NodeJS.WriteStream = process.stdout): { closed(): boolean } {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    const reason = error.code === 'EPIPE' ? 'the program reading it (such as `head`) closed it early' : error.message;
    process.stderr.write(`threefold: the output was cut short: ${reason}; the command stopped writing it.\n`);
    // Set here as well: the error may come after the command's exit code was set.
    process.exitCode = OUTPUT_CLOSED_EXIT;
  });
  return { closed: () => closed };
}

/** A usage matter, not a failed file. */
export const OUTPUT_CLOSED_EXIT = 2;
