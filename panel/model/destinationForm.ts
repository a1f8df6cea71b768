/** The "Add destination" form: what it sends as `destinations.add`, and what it checks before. */
import { resolveS3Place, S3_PROVIDERS, type S3Provider, storageClassProvider } from '../../src/providers/s3Providers';
import { parseServerSideEncryption } from '../../src/providers/serverSideEncryption';
import { resolveStorageClass } from '../../src/providers/storageClasses';
import type { RequestInput } from '../../src/protocol/messages';

export interface DestinationForm {
  name: string;
  /** A folder on the helper's machine, or s3://bucket/prefix. */
  where: string;
  /** ssd, hdd, nas, cloud, … (S3 defaults to cloud). */
  media: string;
  /** S3: a provider preset's id, or '' (AWS, or the endpoint given). */
  provider: string;
  /** S3: '' for the provider's default region. */
  region: string;
  /** S3-compatible stores other than AWS; with a provider, only where its preset has none (MinIO, R2…). */
  endpoint: string;
  /** S3: a key pair checked and stored by the helper; both empty for the helper's AWS credentials chain. */
  accessKeyId: string;
  secretAccessKey: string;
  /** S3: '' (the bucket's default), AES256 or aws:kms. */
  sse: string;
  kmsKeyId: string;
  /** S3: '' for STANDARD. */
  storageClass: string;
  /** null: the default of its kind (S3 offsite, a folder onsite). */
  offsite: boolean | null;
}

export const EMPTY_DESTINATION_FORM: DestinationForm = {
  name: '',
  where: '',
  media: '',
  provider: '',
  region: '',
  endpoint: '',
  accessKeyId: '',
  secretAccessKey: '',
  sse: '',
  kmsKeyId: '',
  storageClass: '',
  offsite: null,
};

export type AddDestinationParams = Omit<Extract<RequestInput, { type: 'destinations.add' }>, 'id' | 'type'>;

export function isS3(where: string): boolean {
  return /^s3:\/\//i.test(where.trim());
}

/** Whether the offsite box shows checked. */
export function offsiteChecked(form: DestinationForm): boolean {
  return form.offsite ?? isS3(form.where);
}

export const providerOf = (form: Pick<DestinationForm, 'provider'>): S3Provider | undefined => S3_PROVIDERS.find((p) => p.id === form.provider);

/** The regions the picker offers (undefined: the store names its own, typed in). */
export function regionChoices(form: Pick<DestinationForm, 'provider'>): readonly string[] | undefined {
  return providerOf(form)?.regions;
}

/** The endpoint the chosen provider and region give, shown in place of an endpoint field; undefined where the user gives it. */
export function presetEndpoint(form: Pick<DestinationForm, 'provider' | 'region'>): string | undefined {
  const provider = providerOf(form);
  return provider?.endpointTemplate?.replace('{region}', form.region.trim() || provider.defaultRegion);
}

/** Whether the form asks for an endpoint: no provider (any S3-compatible store), or one whose address is the user's own. */
export function needsEndpoint(form: Pick<DestinationForm, 'provider'>): boolean {
  const provider = providerOf(form);
  return provider === undefined || (provider.endpointTemplate === undefined && provider.id !== 'aws');
}

/** The storage classes the picker offers; undefined where any name is taken (typed in). */
export function storageClassChoices(form: Pick<DestinationForm, 'provider' | 'endpoint'>): readonly string[] | undefined {
  return storageClassProvider(form.provider || undefined, form.endpoint.trim() || undefined).storageClasses;
}

/** A provider change: its default region, and a class and endpoint only where the new provider takes them. */
export function chooseProvider(form: DestinationForm, provider: string): DestinationForm {
  const next = { ...form, provider, region: '' };
  const classes = storageClassChoices(next);
  return {
    ...next,
    endpoint: needsEndpoint(next) ? form.endpoint : '',
    storageClass: classes === undefined || classes.includes(form.storageClass) ? form.storageClass : '',
  };
}

/** The request, or what to fix first (the helper checks the rest: the folder, the bucket, the keys, the names). */
export function addDestinationParams(form: DestinationForm): { params: AddDestinationParams } | { error: string } {
  const name = form.name.trim();
  const where = form.where.trim();
  const media = form.media.trim();
  const endpoint = form.endpoint.trim();
  if (name === '') return { error: 'Give the destination a name (letters, digits, ".", "_" or "-").' };
  if (where === '') return { error: 'Say where it is: a folder, or s3://bucket/prefix.' };
  const s3 = isS3(where);
  if (!s3 && media === '') return { error: 'Say what kind of medium the folder is on (ssd, hdd, raid, nas, …).' };
  if (!s3 && endpoint !== '') return { error: 'An endpoint is for S3 destinations only.' };
  const offsite = offsiteChecked(form);
  const params: AddDestinationParams = { name, where };
  if (media !== '') params.media = media;
  if (s3) {
    const made = s3Params(form);
    if ('error' in made) return made;
    Object.assign(params, made.params);
  }
  if (s3 && !offsite) params.onsite = true;
  if (!s3 && offsite) params.offsite = true;
  return { params };
}

/** The bucket's provider, region, endpoint, keys, encryption and class, checked by the rules `dest add` applies. */
function s3Params(form: DestinationForm): { params: Partial<AddDestinationParams> } | { error: string } {
  const params: Partial<AddDestinationParams> = {};
  const provider = form.provider || undefined;
  const region = form.region.trim() || undefined;
  const endpoint = form.endpoint.trim() || undefined;
  const place = resolveS3Place({ ...(provider ? { provider } : {}), ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
  if (!place.ok) return { error: `${place.error.replace('--endpoint', 'the endpoint')}.` };
  if (provider) params.provider = provider;
  if (region) params.region = region;
  if (endpoint) {
    params.endpoint = endpoint;
    // Stores other than AWS (MinIO, Ceph, Swift, a NAS) address buckets by path; a provider knows its own style.
    if (!provider) params.pathStyle = true;
  }
  const accessKeyId = form.accessKeyId.trim();
  const secretAccessKey = form.secretAccessKey;
  if ((accessKeyId === '') !== (secretAccessKey === '')) {
    return { error: 'Give both the access key id and its secret key (or neither, to use the AWS credentials on the helper’s machine).' };
  }
  if (accessKeyId !== '') params.keys = { accessKeyId, secretAccessKey };
  const sse = parseServerSideEncryption(form.sse || undefined, form.sse === 'aws:kms' ? form.kmsKeyId.trim() || undefined : undefined);
  if (!sse.ok) return { error: `${sse.error}.` };
  if (sse.sse) params.sse = sse.sse.algorithm;
  if (sse.sse?.kmsKeyId) params.kmsKeyId = sse.sse.kmsKeyId;
  const storage = resolveStorageClass(form.storageClass.trim() || undefined, storageClassProvider(provider, place.endpoint));
  if (!storage.ok) return { error: `${storage.error}.` };
  if (storage.storageClass) params.storageClass = storage.storageClass;
  return { params };
}
