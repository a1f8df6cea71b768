/** The "Add destination" form: what it sends as `destinations.add`, and what it checks before. */
import type { RequestInput } from '../../src/protocol/messages';

export interface DestinationForm {
  name: string;
  /** A folder on the helper's machine, or s3://bucket/prefix. */
  where: string;
  /** ssd, hdd, nas, cloud, … (S3 defaults to cloud). */
  media: string;
  /** S3-compatible stores other than AWS. */
  endpoint: string;
  /** null: the default of its kind (S3 offsite, a folder onsite). */
  offsite: boolean | null;
}

export const EMPTY_DESTINATION_FORM: DestinationForm = { name: '', where: '', media: '', endpoint: '', offsite: null };

export type AddDestinationParams = Omit<Extract<RequestInput, { type: 'destinations.add' }>, 'id' | 'type'>;

export function isS3(where: string): boolean {
  return /^s3:\/\//i.test(where.trim());
}

/** Whether the offsite box shows checked. */
export function offsiteChecked(form: DestinationForm): boolean {
  return form.offsite ?? isS3(form.where);
}

/** The request, or what to fix first (the helper checks the rest: the folder, the bucket, the names). */
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
  if (s3 && endpoint !== '') {
    params.endpoint = endpoint;
    // Stores other than AWS (MinIO, Ceph, Swift, a NAS) address buckets by path.
    params.pathStyle = true;
  }
  if (s3 && !offsite) params.onsite = true;
  if (!s3 && offsite) params.offsite = true;
  return { params };
}
