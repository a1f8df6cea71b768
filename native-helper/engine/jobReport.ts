export interface JobFailure {
  path: string;
  /** null when the source itself could not be copied anywhere. */
  destination: string | null;
  error: string;
  /**
   * Set when a whole destination failed (unreachable, refused): `path` is then the destination's own
   * location, and these are the sources the job meant to copy there, for a retry to send again.
   */
  missed?: string[];
}

export interface JobOutcome {
  id: number | null;
  /** As recorded in the catalog; a dry run 'succeeded'. */
  state: 'succeeded' | 'failed' | 'cancelled';
  dryRun: boolean;
  files: number;
  bytes: number;
  seconds: number;
  upToDate: number;
  failed: JobFailure[];
  /** Copies that count though their read-back came from the operating system's cache, not the medium. */
  readFromCache: CacheReadBacks[];
  /** What went wrong after the job's work was done (Threefold's own state not put on a destination): nothing failed. */
  warnings?: string[];
  planned?: Array<{ path: string; destinations: string[]; why: string }>;
}

/** A destination's copies read back from the cache only, and why its medium could not be read. */
export interface CacheReadBacks {
  destination: string;
  copies: number;
  reason: string;
}
