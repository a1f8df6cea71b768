/** What names one bucket and prefix, however its endpoint is spelled. */
export interface S3Location {
  /** Absent for AWS itself. */
  endpoint?: string | undefined;
  bucket: string;
  prefix: string;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };
const LOOPBACK = 'loopback';

/**
 * One key per physical bucket and prefix, so that two spellings of one place compare equal: the scheme
 * does not count (a store answers http and https alike), host names are lowercase without a final dot,
 * a default port is dropped, every loopback spelling (`localhost`, `127.x.x.x`, `[::1]`) is one host, an
 * endpoint naming the bucket as its first label (virtual-host style) is the service's, AWS is one
 * service whatever its regional host, and the prefix loses empty segments. An endpoint it cannot read is
 * kept as written (lowercased, marked): never equal to one it can.
 */
export function s3StorageKey(location: S3Location): string {
  const bucket = location.bucket.toLowerCase();
  const prefix = location.prefix
    .split('/')
    .filter((s) => s !== '')
    .join('/');
  return `s3://${serviceOf(location.endpoint, bucket)}/${bucket}/${prefix}`;
}

/**
 * Whether two bucket-and-prefix places share any object: the same service and bucket (see s3StorageKey),
 * with one prefix the other's or below it by whole segments (`a/b` holds `a/b/c`, not `a/bc`). A place
 * inside another would hold copies on that same storage, counted twice.
 */
export function s3PlacesOverlap(a: S3Location, b: S3Location): boolean {
  const [x, y] = [s3StorageKey(a), s3StorageKey(b)];
  const inside = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
  return inside(x, y) || inside(y, x);
}

function serviceOf(endpoint: string | undefined, bucket: string): string {
  if (endpoint === undefined || endpoint.trim() === '') return 'aws';
  const match = /^\s*([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)/.exec(endpoint);
  if (!match) return `unread:${endpoint.trim().toLowerCase()}`;
  const scheme = match[1]!.toLowerCase();
  let host = match[2]!.toLowerCase().replace(/\.+$/, '');
  const port = (match[3] ?? '').replace(/^0+(?=\d)/, '');
  const base = match[4]!
    .split('/')
    .filter((s) => s !== '')
    .join('/');
  if (isLoopback(host)) host = LOOPBACK;
  else if (host.startsWith(`${bucket}.`)) host = host.slice(bucket.length + 1);
  if (/^s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.test(host) && base === '') return 'aws';
  const shownPort = port === '' || port === DEFAULT_PORTS[scheme] ? '' : `:${port}`;
  return `${host}${shownPort}${base === '' ? '' : `/${base}`}`;
}

/** `localhost` and its subdomains (RFC 6761), 127.0.0.0/8, and ::1 (also as an IPv4-mapped 127 address). */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127(?:\.\d{1,3}){3}$/.test(host)) return true;
  if (!host.startsWith('[') || !host.endsWith(']')) return false;
  const groups = ipv6Groups(host.slice(1, -1));
  if (groups === null) return false;
  const zeros = (n: number): boolean => groups.slice(0, n).every((g) => g === 0);
  if (zeros(7) && groups[7] === 1) return true;
  // ::ffff:127.x.x.x
  return zeros(5) && groups[5] === 0xffff && groups[6]! >> 8 === 127;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}
