/** Storage classes a destination's copies can be written in (`x-amz-storage-class`). */
export interface StorageClass {
  readonly id: string;
  readonly label: string;
  /** Whether its objects must be restored (thawed, hours) before they can be read. */
  readonly archived: boolean;
}

export const STORAGE_CLASSES: readonly StorageClass[] = [
  { id: 'STANDARD', label: 'Standard', archived: false },
  { id: 'REDUCED_REDUNDANCY', label: 'Reduced redundancy', archived: false },
  { id: 'STANDARD_IA', label: 'Standard, infrequent access', archived: false },
  { id: 'ONEZONE_IA', label: 'One zone, infrequent access', archived: false },
  { id: 'INTELLIGENT_TIERING', label: 'Intelligent-Tiering', archived: false },
  { id: 'GLACIER_IR', label: 'Glacier Instant Retrieval', archived: false },
  { id: 'GLACIER', label: 'Glacier Flexible Retrieval (restore takes hours)', archived: true },
  { id: 'DEEP_ARCHIVE', label: 'Glacier Deep Archive (restore takes up to 12 hours)', archived: true },
  { id: 'NEARLINE', label: 'Nearline', archived: false },
  { id: 'COLDLINE', label: 'Coldline', archived: false },
  { id: 'ARCHIVE', label: 'Archive (read at once, billed per read)', archived: false },
];

/** The form of a class name: what a store of unknown classes (Ceph placement targets, other S3) is sent. */
const CLASS_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Whether a destination in this class needs its copies thawed before a restore. */
export function isArchiveClass(storageClass: string | undefined): boolean {
  return STORAGE_CLASSES.some((c) => c.id === storageClass && c.archived);
}

/**
 * The class a destination writes its copies in, checked against the classes its provider has (undefined:
 * any well-formed name). STANDARD is every store's default and is not sent.
 */
export function resolveStorageClass(
  requested: string | undefined,
  provider: { label: string; storageClasses?: readonly string[] | undefined },
): { ok: true; storageClass: string | undefined } | { ok: false; error: string } {
  if (requested === undefined) return { ok: true, storageClass: undefined };
  const name = requested.trim().toUpperCase();
  if (provider.storageClasses !== undefined && !provider.storageClasses.includes(name)) {
    return { ok: false, error: `${provider.label} has no storage class "${requested}": choose one of ${provider.storageClasses.join(', ')}` };
  }
  if (!CLASS_NAME.test(name))
    return { ok: false, error: `"${requested}" is no storage class name (capital letters, digits and "_": STANDARD_IA, GLACIER_IR…)` };
  return { ok: true, storageClass: name === 'STANDARD' ? undefined : name };
}

/**
 * The class an object is written in. Probes (`.threefold-probe-*`, read back and deleted at once) stay
 * STANDARD: an archived probe could not be read back, and an infrequent-access one is billed its minimum days.
 */
export function storageClassFor(key: string, storageClass: string | undefined): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name.startsWith('.threefold-probe-') ? undefined : storageClass;
}
