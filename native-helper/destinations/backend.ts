import type { z } from 'zod';
import type { BaseDestinationConfig } from '../../src/config/destinationFields';
import type { BufferPool } from '../fsutil/bufferPool';
import type { Destination } from './destination';
import type { UploadJournal } from './uploadJournal';

/** What `dest add` (and the panel's "Add destination") asks for. */
export interface DestinationSpec {
  name: string;
  /** An existing, writable folder, or s3://bucket/prefix. */
  where: string;
  media?: string;
  offsite?: boolean;
  onsite?: boolean;
  endpoint?: string;
  region?: string;
  profile?: string;
  pathStyle?: boolean;
  /** S3: a provider preset (src/providers/s3Providers.ts) filling the endpoint, region and addressing style. */
  provider?: string;
  /** S3: a key pair to check against the bucket and store (keychain or shared credentials file); never saved in config.json. */
  keys?: { accessKeyId: string; secretAccessKey: string };
  /** Client-side encryption: objects are encrypted before they leave the machine (`names`: their keys too). */
  encrypt?: boolean;
  encryptNames?: boolean;
  /** S3: server-side encryption asked for on every object (AES256, aws:kms). */
  sse?: string;
  /** S3, with sse aws:kms: the KMS key. */
  kmsKeyId?: string;
  /** S3: the storage class copies are written in (STANDARD_IA, GLACIER_IR, DEEP_ARCHIVE…). */
  storageClass?: string;
}

/** What opening a configured destination may need. */
export interface OpenDeps {
  /** Read buffers, shared with the job. */
  pool: BufferPool;
  /** Where the destination's unfinished uploads are kept (asked for only by a backend that resumes them). */
  journal: () => UploadJournal;
}

/**
 * One kind of storage, as the registry (backends.ts) knows it: its configuration, its URL form, what
 * `dest add` and `dest list` do with it, and how to open it. Everything kind-specific lives here and in the
 * backend's own files; the rest of the program asks these functions and the destination's capabilities.
 */
export interface DestinationBackend<C extends BaseDestinationConfig> {
  readonly kind: C['kind'];
  /** Its entry in config.json. */
  readonly schema: z.ZodType<C>;
  /** Whether a place a user gives (`dest add NAME WHERE`) is written in this kind's URL form. */
  takes(where: string): boolean;
  /** Where a configured destination is, in this kind's URL form: `/Volumes/Backup`, `s3://bucket/prefix`. */
  where(config: C): string;
  /** What `dest list` shows after the place (an S3 store's endpoint), or ''. */
  listNote(config: C): string;
  /** Whether it is there now, for `dest list`; null when only a request over the network would tell (`dest test` asks). */
  reachableNow(config: C): Promise<boolean | null>;
  /** The catalog's identity of the storage (`local:/mnt/raid`, `s3:aws/bucket/prefix`). */
  url(config: C): string;
  /** The folder on this machine its root is, if it is one: never walked as a source, never inside a target. */
  localFolder(config: C): string | undefined;
  /**
   * `dest add`: the configuration of the place the user gave, checked (reachable, writable, not another
   * configured destination's storage); a UserError says why not.
   */
  configure(home: string, spec: DestinationSpec, existing: readonly BaseDestinationConfig[]): Promise<C>;
  open(config: C, deps: OpenDeps): Destination;
  /**
   * `dest credentials`: a new key pair, checked against the storage (the round trip `dest add` makes), then
   * stored; the config naming where it now is. Absent where a kind takes no keys.
   */
  replaceKeys?(config: C, keys: { accessKeyId: string; secretAccessKey: string }): Promise<C>;
  /**
   * Removes what `configure` or `replaceKeys` stored outside config.json for `config` (an S3 key pair): when the
   * destination is removed, not added after all, or its keys moved (`kept` is the config that stays). Returns
   * what it left, and why (a place another home may share).
   */
  forgetSecrets?(config: C, kept?: C): Promise<string[]>;
  /** Its config takes `encryption` (client-side encryption, `dest add --encrypt`). */
  readonly encryptable?: boolean;
}
