/** Where Destination keys live in the bucket: under `prefix/`, or at the bucket root without a prefix. */
export class S3KeyMap {
  readonly root: string;

  constructor(
    readonly bucket: string,
    prefix: string,
  ) {
    this.root = prefix === '' ? '' : `${prefix}/`;
  }

  /** The same rule as a local folder: no empty, `.` or `..` segment, no NUL. */
  static isSafe(key: string): boolean {
    return key !== '' && !key.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'));
  }

  objectKey(key: string): string {
    return this.root + key;
  }

  /** The object keys `list(prefix)` covers: a folder-like prefix, like a local folder's subtree. */
  listPrefix(prefix: string): string {
    const folder = prefix.replace(/\/$/, '');
    return folder === '' ? this.root : `${this.root}${folder}/`;
  }

  keyOf(objectKey: string): string {
    return objectKey.slice(this.root.length);
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }
}

/** The catalog's identity of an S3 destination. */
export function s3DestinationUrl(config: { endpoint?: string | undefined; bucket: string; prefix: string }): string {
  return `s3:${config.endpoint?.replace(/\/+$/, '') ?? 'aws'}/${config.bucket}/${config.prefix}`;
}

/** Decodes a key from a listing asked with `encoding-type=url` (AWS writes spaces as `+`, a real `+` as `%2B`). */
export function decodeListedKey(key: string, encodingType: string | undefined): string {
  return encodingType === 'url' ? decodeURIComponent(key.replace(/\+/g, ' ')) : key;
}
