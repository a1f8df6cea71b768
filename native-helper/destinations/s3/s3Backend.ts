import type { BaseDestinationConfig } from '../../../src/config/destinationFields';
import { resolveS3Place, storageClassProvider } from '../../../src/providers/s3Providers';
import { parseServerSideEncryption } from '../../../src/providers/serverSideEncryption';
import { resolveStorageClass } from '../../../src/providers/storageClasses';
import { parseS3Url } from '../../../src/paths/parseS3Url';
import type { AccessKeyPair } from '../../../src/providers/awsCredentialsProfile';
import { s3PlacesOverlap, s3StorageKey } from '../../../src/paths/s3StorageKey';
import { UserError } from '../../errors';
import type { DestinationBackend, DestinationSpec } from '../backend';
import { testDestination } from '../testDestination';
import { nullUploadJournal } from '../uploadJournal';
import { s3DestinationClass } from './loadS3Destination';
import { type S3DestinationConfig, s3DestinationSchema } from './s3Config';
import { s3DestinationUrl } from './s3Keys';
import { credentialsNote, removeStoredCredentials, sameKeysPlace, storeCredentials } from './storedCredentials';

const isS3 = (d: BaseDestinationConfig): d is S3DestinationConfig => d.kind === 's3';
const where = (config: { bucket: string; prefix: string }): string => `s3://${config.bucket}/${config.prefix}`;

/** A bucket and prefix on AWS S3 or an S3-compatible store, given as `s3://bucket/prefix`. */
export const s3Backend = {
  kind: 's3',
  schema: s3DestinationSchema,
  takes: (place) => parseS3Url(place) !== null,
  where,
  listNote: (config) => `${config.endpoint ? ` at ${config.endpoint}` : ''} (${[credentialsNote(config), ...storageNotes(config)].join('; ')})`,
  // A bucket is only reachable by asking it over the network: `dest test` does that.
  reachableNow: async () => null,
  url: s3DestinationUrl,
  localFolder: () => undefined,
  configure,
  open: (config, { journal }) => new (s3DestinationClass())(config, journal()),
  replaceKeys,
  encryptable: true,
  // Keys rotated in place (the same keychain entry or profile) stay; moved ones are removed from where they were.
  forgetSecrets: async (config, kept) => (kept !== undefined && sameKeysPlace(config, kept) ? [] : removeStoredCredentials(config)),
} satisfies DestinationBackend<S3DestinationConfig>;

/** Checked before it is saved: a bucket that cannot be reached is reported now, not at the first protect. */
async function configure(_home: string, spec: DestinationSpec, existing: readonly BaseDestinationConfig[]): Promise<S3DestinationConfig> {
  const s3 = parseS3Url(spec.where)!;
  const resolved = resolveS3Place(spec);
  if (!resolved.ok) throw new UserError(resolved.error);
  // One bucket and prefix however its endpoint is spelled (localhost or 127.0.0.1, a trailing slash…).
  const place = s3StorageKey({ ...s3, endpoint: resolved.endpoint });
  const same = existing.filter(isS3).find((d) => s3StorageKey(d) === place);
  if (same) throw new UserError(`${where(s3)} is destination "${same.name}" already${same.endpoint ? ` (at ${same.endpoint})` : ''}`);
  // A prefix inside another destination's (or holding it) is that storage too: its copies would count twice.
  const nested = existing.filter(isS3).find((d) => s3PlacesOverlap(d, { ...s3, endpoint: resolved.endpoint }));
  if (nested) {
    throw new UserError(
      `${where(s3)} overlaps destination "${nested.name}" (${where(nested)}): destinations must be separate places, not one bucket's prefix and a prefix inside it`,
    );
  }
  if (spec.keys && spec.profile) throw new UserError('give either --profile or --access-key-id, not both');
  const encryption = parseServerSideEncryption(spec.sse, spec.kmsKeyId);
  if (!encryption.ok) throw new UserError(encryption.error);
  const storage = resolveStorageClass(spec.storageClass, storageClassProvider(spec.provider, resolved.endpoint));
  if (!storage.ok) throw new UserError(storage.error);
  const parsed = s3DestinationSchema.safeParse({
    name: spec.name,
    kind: 's3',
    ...s3,
    ...(resolved.endpoint ? { endpoint: resolved.endpoint } : {}),
    region: resolved.region,
    ...(spec.profile ? { profile: spec.profile } : {}),
    pathStyle: resolved.pathStyle,
    media: spec.media ?? 'cloud',
    offsite: !spec.onsite,
    ...(encryption.sse ? { sse: encryption.sse.algorithm, ...(encryption.sse.kmsKeyId ? { kmsKeyId: encryption.sse.kmsKeyId } : {}) } : {}),
    ...(storage.storageClass ? { storageClass: storage.storageClass } : {}),
  });
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => `${i.path.join('.') || 'destination'}: ${i.message}`).join('; '));
  const candidate = parsed.data;
  const destination = new (s3DestinationClass())(candidate, nullUploadJournal(), spec.keys ? { credentials: spec.keys } : {});
  const verdict = await testDestination(destination)
    .then(async (tested) => {
      if (!tested.ok) return tested;
      await destination.checkStorageClass();
      return tested;
    })
    .catch((error: Error) => ({ ok: false as const, error: error.message }))
    .finally(() => destination.close());
  if (!verdict.ok) throw new UserError(`${where(s3)} cannot be used: ${verdict.error}`);
  // Stored only once the bucket has accepted them.
  return spec.keys ? { ...candidate, ...(await storeCredentials(spec.name, spec.keys)) } : candidate;
}

async function replaceKeys(config: S3DestinationConfig, keys: AccessKeyPair): Promise<S3DestinationConfig> {
  const destination = new (s3DestinationClass())(config, nullUploadJournal(), { credentials: keys });
  const verdict = await testDestination(destination).finally(() => destination.close());
  if (!verdict.ok) throw new UserError(`the new keys cannot be used on "${config.name}": ${verdict.error}`);
  // A profile of the user's own (--profile) is left as it is, unused now; one Threefold wrote is rewritten.
  const { profile: _unused, credentials: _was, account: _where, ...rest } = config;
  return { ...rest, ...(await storeCredentials(config.name, keys, config)) };
}

/** What `dest list` says of the encryption and class asked for. */
function storageNotes(config: S3DestinationConfig): string[] {
  return [
    ...(config.sse ? [`server-side encryption ${config.sse}${config.kmsKeyId ? ` with key ${config.kmsKeyId}` : ''}`] : []),
    ...(config.storageClass ? [`storage class ${config.storageClass}`] : []),
  ];
}
