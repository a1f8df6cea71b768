import { Worker } from 'node:worker_threads';
import { contentMd5 } from './s3Object';

/** Computes the Content-MD5 of upload parts. */
export interface PartHasher {
  /** Base64 MD5 of `bytes`, which must not change until the promise settles. */
  md5(bytes: Buffer): Promise<string>;
  /** Stops the worker; later parts are hashed on the calling thread. */
  close(): void;
}

// Inline (eval) so that the bundled helper, one file, needs no worker script beside it.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, buffer, offset, length }) => {
  parentPort.postMessage({ id, md5: createHash('md5').update(new Uint8Array(buffer, offset, length)).digest('base64') });
});
`;

/**
 * MD5 is the largest CPU cost of a multipart upload (~2 s a GiB here) and cannot be skipped: every part
 * carries it. On the main thread it stalls reading, hashing and sending while it runs; on a worker thread
 * it runs beside them. Parts in SharedArrayBuffer memory go to the worker without a copy; any other
 * buffer, or any failure of the worker, is hashed on the calling thread instead. The worker is started on
 * the first part and does not keep the process alive while it has nothing to do.
 */
export function createPartHasher(): PartHasher {
  let worker: Worker | undefined;
  let usable = true;
  const pending = new Map<number, { bytes: Buffer; resolve: (md5: string) => void }>();
  let nextId = 0;

  /** Whatever the worker had not answered is hashed here: no part is lost with it. */
  const hashPendingHere = (): void => {
    for (const [id, part] of pending) {
      pending.delete(id);
      part.resolve(contentMd5(part.bytes));
    }
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, { eval: true });
    started.on('message', ({ id, md5 }: { id: number; md5: string }) => {
      const part = pending.get(id);
      if (part === undefined) return;
      pending.delete(id);
      part.resolve(md5);
      if (pending.size === 0) started.unref();
    });
    const stopped = (): void => {
      usable = false;
      if (worker === started) worker = undefined;
      hashPendingHere();
    };
    started.on('error', stopped);
    started.on('exit', stopped);
    return started;
  };

  return {
    md5: (bytes) => {
      if (!usable || !(bytes.buffer instanceof SharedArrayBuffer)) return Promise.resolve(contentMd5(bytes));
      worker ??= start();
      const hasher = worker;
      hasher.ref();
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { bytes, resolve });
        hasher.postMessage({ id, buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength });
      });
    },
    close: () => {
      usable = false;
      const running = worker;
      worker = undefined;
      hashPendingHere();
      void running?.terminate();
    },
  };
}
