/**
 * The `mtime` user metadata of an S3 object (`x-amz-meta-mtime`), as S3 tools read it: seconds since the
 * epoch as a decimal with its sub-second fraction (`1700000000.1234567`; rclone's convention). Written
 * from a millisecond mtime by moving its decimal point, so the value read back is the same number.
 */
export function mtimeMetadata(mtimeMs: number): string {
  return shiftPoint(plainDecimal(mtimeMs), -3);
}

/**
 * Earlier versions wrote milliseconds. A value this large, read as seconds, is a date after the year
 * 5138; read as milliseconds it is one after March 1973. Such values are milliseconds (so an old object
 * whose file dates from 1970-1973 reads as a later date: an ambiguity the old format leaves).
 */
export const MILLISECOND_MTIME_FROM = 1e11;

/** The mtime in milliseconds a metadata value holds, or undefined when it is no decimal number. */
export function parseMtimeMetadata(value: string): number | undefined {
  const text = value.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  const number = Number(text);
  if (!Number.isFinite(number)) return undefined;
  return Math.abs(number) >= MILLISECOND_MTIME_FROM ? number : Number(shiftPoint(text, 3));
}

/** A number as a decimal without an exponent, with the same digits as its shortest form (`1e-7` is `0.0000001`). */
function plainDecimal(n: number): string {
  const [mantissa = '', exponent] = String(n).split(/e/i);
  return exponent === undefined ? mantissa : shiftPoint(mantissa, Number(exponent));
}

/** Moves the decimal point of a plain decimal `places` digits right (left when negative). */
function shiftPoint(decimal: string, places: number): string {
  const sign = decimal.startsWith('-') ? '-' : '';
  const unsigned = decimal.replace(/^[-+]/, '');
  const [whole = '', fraction = ''] = unsigned.split('.');
  const digits = whole + fraction;
  let point = whole.length + places;
  const padded = point < 0 ? '0'.repeat(-point) + digits : point > digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  point = Math.max(point, 0);
  const intPart = padded.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fracPart = padded.slice(point).replace(/0+$/, '');
  const result = fracPart ? `${intPart}.${fracPart}` : intPart;
  return result === '0' ? '0' : sign + result;
}
