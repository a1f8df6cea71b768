/** What Threefold knows of an S3-compatible store, so that `dest add --provider` needs only a region. */
export interface S3Provider {
  readonly id: string;
  readonly label: string;
  /** The endpoint, `{region}` replaced; undefined where the user gives it (AWS needs none; MinIO, Ceph are self-hosted). */
  readonly endpointTemplate?: string;
  /** The regions it has; undefined where any region name is taken (self-hosted stores name their own). */
  readonly regions?: readonly string[];
  readonly defaultRegion: string;
  /** Whether requests name the bucket in the path rather than in the host name. */
  readonly pathStyle: boolean;
  /** Whether a single-part object's ETag is the MD5 of its bytes (false where the store computes it otherwise). */
  readonly etagIsMd5: boolean;
  /** Its multipart rules, where they differ from S3's (5 MiB to 5 GiB a part, 10,000 parts). */
  readonly partRules: string;
  /** The storage classes it takes (`x-amz-storage-class`); undefined where the store names its own (Ceph placement targets). */
  readonly storageClasses?: readonly string[];
}

const S3_PART_RULES = 'parts of 5 MiB to 5 GiB (the last may be smaller), at most 10,000 parts';
const AWS_STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];

export const S3_PROVIDERS: readonly S3Provider[] = [
  {
    id: 'aws',
    label: 'Amazon S3',
    regions: [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'ca-central-1',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-south-1',
      'sa-east-1',
    ],
    defaultRegion: 'us-east-1',
    pathStyle: false,
    etagIsMd5: true,
    partRules: S3_PART_RULES,
    storageClasses: AWS_STORAGE_CLASSES,
  },
  {
    id: 'b2',
    label: 'Backblaze B2',
    endpointTemplate: 'https://s3.{region}.backblazeb2.com',
    regions: ['us-west-000', 'us-west-001', 'us-west-002', 'us-west-004', 'us-east-005', 'eu-central-003'],
    defaultRegion: 'us-west-004',
    pathStyle: false,
    etagIsMd5: true,
    partRules: 'parts of 5 MiB to 5 GiB, at most 10,000 parts; objects up to 10 TB',
    storageClasses: ['STANDARD'],
  },
  {
    id: 'wasabi',
    label: 'Wasabi',
    endpointTemplate: 'https://s3.{region}.wasabisys.com',
    regions: [
      'us-east-1',
      'us-east-2',
      'us-central-1',
      'us-west-1',
      'ca-central-1',
      'eu-central-1',
      'eu-central-2',
      'eu-west-1',
      'eu-west-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-southeast-1',
      'ap-southeast-2',
    ],
    defaultRegion: 'us-east-1',
    pathStyle: false,
    etagIsMd5: true,
    partRules: S3_PART_RULES,
    storageClasses: ['STANDARD'],
  },
  {
    id: 'r2',
    label: 'Cloudflare R2',
    // The endpoint names the account (https://ACCOUNT_ID.r2.cloudflarestorage.com): the user gives it.
    regions: ['auto'],
    defaultRegion: 'auto',
    pathStyle: true,
    etagIsMd5: true,
    partRules: 'all parts but the last of one same size, 5 MiB to 5 GiB; at most 10,000 parts',
    // STANDARD_IA is R2's Infrequent Access.
    storageClasses: ['STANDARD', 'STANDARD_IA'],
  },
  {
    id: 'gcs',
    label: 'Google Cloud Storage (S3 interoperability)',
    endpointTemplate: 'https://storage.googleapis.com',
    defaultRegion: 'auto',
    pathStyle: true,
    // Objects stored encrypted with customer keys, or composed, have ETags that are not MD5s.
    etagIsMd5: false,
    partRules: S3_PART_RULES,
    storageClasses: ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'],
  },
  {
    id: 'minio',
    label: 'MinIO',
    defaultRegion: 'us-east-1',
    pathStyle: true,
    etagIsMd5: true,
    partRules: S3_PART_RULES,
    // REDUCED_REDUNDANCY is MinIO's lower erasure-code parity.
    storageClasses: ['STANDARD', 'REDUCED_REDUNDANCY'],
  },
  { id: 'ceph', label: 'Ceph RADOS Gateway', defaultRegion: 'us-east-1', pathStyle: true, etagIsMd5: true, partRules: S3_PART_RULES },
  { id: 'other', label: 'Other S3-compatible store', defaultRegion: 'us-east-1', pathStyle: true, etagIsMd5: false, partRules: S3_PART_RULES },
];

/** What the user asked for on `dest add`; explicit values win over the provider's. */
export interface S3PlaceRequest {
  provider?: string;
  region?: string;
  endpoint?: string;
  pathStyle?: boolean;
}

export type S3PlaceResolution = { ok: true; region: string; endpoint?: string; pathStyle: boolean } | { ok: false; error: string };

/** The region, endpoint and addressing style a destination gets from its provider and the user's flags. */
export function resolveS3Place(request: S3PlaceRequest): S3PlaceResolution {
  if (request.provider === undefined) {
    return {
      ok: true,
      region: request.region ?? 'us-east-1',
      ...(request.endpoint ? { endpoint: request.endpoint } : {}),
      pathStyle: request.pathStyle ?? false,
    };
  }
  const provider = S3_PROVIDERS.find((p) => p.id === request.provider);
  if (!provider) return { ok: false, error: `unknown provider "${request.provider}": choose one of ${S3_PROVIDERS.map((p) => p.id).join(', ')}` };
  const region = request.region ?? provider.defaultRegion;
  if (provider.regions && !provider.regions.includes(region)) {
    return { ok: false, error: `${provider.label} has no region "${region}": choose one of ${provider.regions.join(', ')}` };
  }
  const endpoint = request.endpoint ?? provider.endpointTemplate?.replace('{region}', region);
  if (endpoint === undefined && provider.id !== 'aws') return { ok: false, error: `${provider.label} needs --endpoint (the address of your store)` };
  return { ok: true, region, ...(endpoint ? { endpoint } : {}), pathStyle: request.pathStyle ?? provider.pathStyle };
}

/**
 * Whose storage classes apply: the provider's, else AWS's where no endpoint is given (AWS itself), else
 * any class name (an S3-compatible store Threefold has no preset for).
 */
export function storageClassProvider(provider: string | undefined, endpoint: string | undefined): { label: string; storageClasses?: readonly string[] } {
  const preset = S3_PROVIDERS.find((p) => p.id === (provider ?? (endpoint === undefined ? 'aws' : undefined)));
  return preset ?? { label: 'this store' };
}
