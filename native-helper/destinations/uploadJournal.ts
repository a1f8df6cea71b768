/**
 * Where a multipart upload's progress is kept as it happens (the catalog), so a run that was killed can
 * resume the same upload id and send only the parts that are missing.
 */
export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface UnfinishedUpload {
  uploadId: string;
  partSize: number;
  parts: UploadedPart[];
  /** A sealed upload's first bytes (base64), as `started` was given them. */
  sealedStart?: string;
}

export interface UploadContent {
  size: number;
  xxh64: string;
}

export interface UploadJournal {
  /** An upload of exactly this content to this key that was started and not finished. */
  find(key: string, content: UploadContent): UnfinishedUpload | undefined;
  started(key: string, content: UploadContent, uploadId: string, partSize: number, sealedStart?: string): void;
  partDone(uploadId: string, part: UploadedPart): void;
  /** Completed or aborted: forget it. */
  finished(uploadId: string): void;
  /** Uploads started before `beforeIso` (for `dest clean`). */
  startedBefore(beforeIso: string): Array<{ key: string; uploadId: string; startedAt: string }>;
}

/** For a one-off check (`dest add`, `dest test`): nothing is resumed, nothing is kept. */
export function nullUploadJournal(): UploadJournal {
  return { find: () => undefined, started: () => undefined, partDone: () => undefined, finished: () => undefined, startedBefore: () => [] };
}
