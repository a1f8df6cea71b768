/**
 * Base32 with RFC 4648's "extended hex" alphabet, lowercase and unpadded: encrypted names made of it are
 * valid, distinct and in order on stores and file systems that ignore case.
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

/** The bytes of an encoded text, or undefined when it is not one this encoder writes. */
export function base32Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    acc = (acc << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 255);
    }
    acc &= (1 << bits) - 1;
  }
  // Left-over bits are padding: fewer than a byte, and zero.
  if (bits >= 5 || acc !== 0) return undefined;
  return Uint8Array.from(out);
}
