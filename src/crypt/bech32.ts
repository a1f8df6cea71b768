/**
 * Bech32 (BIP 173), the text form of age's keys: `age1…` recipients and `AGE-SECRET-KEY-1…` identities.
 * Its checksum catches a mistyped recovery phrase before any object is tried with it.
 */
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATORS[i]!;
  }
  return chk >>> 0;
}

const hrpExpand = (hrp: string): number[] => [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];

/** Regroups bits: 8-bit bytes to 5-bit words (pad) or back (no padding bits may be set). */
function convertBits(data: readonly number[], from: number, to: number, pad: boolean): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & max);
    }
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & max);
  } else if (bits >= from || ((acc << (to - bits)) & max) !== 0) {
    return undefined;
  }
  return out;
}

/** The Bech32 string of `bytes` under a lowercase human-readable part (no length limit: age's identities pass 90 characters). */
export function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const words = convertBits([...bytes], 8, 5, true)!;
  const chk = polymod([...hrpExpand(hrp), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (chk >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...checksum].map((w) => CHARSET[w]).join('')}`;
}

/** The human-readable part (lowercase) and bytes of a Bech32 string, or why it is not one. */
export function bech32Decode(text: string): { hrp: string; bytes: Uint8Array } | { error: string } {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return { error: 'it mixes upper and lower case' };
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + 7 > lower.length) return { error: 'it is not in the form PREFIX1…' };
  const hrp = lower.slice(0, separator);
  const words: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const word = CHARSET.indexOf(char);
    if (word < 0) return { error: `it holds "${char}", which a key never does` };
    words.push(word);
  }
  if (polymod([...hrpExpand(hrp), ...words]) !== 1) return { error: 'its checksum does not match (a character is wrong or missing)' };
  const bytes = convertBits(words.slice(0, -6), 5, 8, false);
  if (bytes === undefined) return { error: 'its last character is wrong' };
  return { hrp, bytes: Uint8Array.from(bytes) };
}
