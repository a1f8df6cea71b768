import type { HostProjectFiles } from '../targets/selectTargets';
import type { DestinationLockWait } from './destinationLocks';
import type { ProgressSnapshot } from './progress';

export interface ProtectRequest {
  /** Absolute paths of folders, files, Premiere projects or Lightroom catalogs. */
  targets: string[];
  /** Lightroom previews are regenerable: copied only when asked. */
  includePreviews?: boolean;
  /** Destination names; all configured ones when absent. */
  only?: string[];
  dryRun?: boolean;
  concurrency?: number;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /** The files a host application listed (the panel's open project), protected like a project's. */
  host?: HostProjectFiles;
  /** Stops the job: no new file starts, copies in flight are abandoned (nothing partial at a final name). */
  signal?: AbortSignal;
  /** Told when the job waits for a destination another job is using. */
  onLockWait?: DestinationLockWait['onWait'];
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number;
  /** Sources whose copies were just recorded (their 3-2-1 state may have changed). */
  onRecorded?: (paths: string[]) => void;
  /**
   * Whether the report carries the 3-2-1 status of every asset of the targets (the default). Without it,
   * only the job's outcome: the helper's queue, which announces assets as they are recorded, needs no more.
   */
  withStatus?: boolean;
}
