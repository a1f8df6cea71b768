import type { CopyTask } from '../../src/planning/planProtect';
import type { Destination } from '../destinations/destination';
import type { BufferPool } from '../fsutil/bufferPool';
import { uploadsInParts, uploadToCloud, type CloudSource } from './cloudUpload';
import type { CopyOutcome, CopyProgress } from './copyToDestinations';
import { createWorkQueue } from './runPool';

/** Large files uploaded at once (each with several parts in flight). */
export const CLOUD_LARGE_FILES = 2;
/**
 * Files sent whole (one PUT each) at once: they wait on round trips, not bandwidth. More did worse against
 * a busy server (Swift's proxy then lost its memcached and looked up the container on every request).
 */
export const CLOUD_SMALL_FILES = 16;

export interface CloudUpload {
  task: CopyTask;
  from: CloudSource;
}

export interface CloudLanes {
  push(item: CloudUpload): void;
  drained(): Promise<unknown>;
}

/**
 * Two lanes of uploads, large files (multipart) and small ones (one PUT each), so a few large uploads
 * never hold back the many small ones. Whatever goes wrong with an upload is that file's failure.
 */
export function createCloudLanes(options: {
  pool: BufferPool;
  progress: CopyProgress;
  /** The task's cloud destinations still in the job. */
  cloudDestinations: (task: CopyTask) => Destination[];
  /** Each upload's outcome, failed or not, as it ends. */
  onUploaded: (outcome: CopyOutcome, from: CloudSource) => Promise<void>;
}): CloudLanes {
  const { pool, progress } = options;
  const signal = progress.signal;
  const upload = async ({ task, from }: CloudUpload): Promise<void> => {
    if (signal?.aborted) return;
    const targets = options.cloudDestinations(task);
    let outcome: CopyOutcome;
    try {
      outcome = await uploadToCloud(task, from, targets, pool, { ...progress, onSourceBytes: () => undefined });
    } catch (error) {
      // Whatever went wrong is this file's failure on these destinations, not the end of the job.
      const reason = `the upload failed: ${(error as Error).message}`;
      outcome = {
        source: { ...task.source },
        key: task.key,
        outcomes: new Map(targets.map((d) => [d.info.name, { ok: false, error: reason }])),
        bytesRead: 0,
      };
    }
    await options.onUploaded(outcome, from);
  };
  const largeUploads = createWorkQueue(CLOUD_LARGE_FILES, upload);
  const smallUploads = createWorkQueue(CLOUD_SMALL_FILES, upload);
  return {
    push: (item) => (uploadsInParts(item.task, options.cloudDestinations(item.task)) ? largeUploads : smallUploads).push(item),
    drained: () => Promise.all([largeUploads.drained(), smallUploads.drained()]),
  };
}
