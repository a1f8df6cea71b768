import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ID_DIGITS = 88;

/** C4 ID (SMPTE ST 2114) of some bytes: SHA-512 as a base58 number, padded to 88 digits, prefixed `c4`. */
export function c4Id(bytes: Uint8Array): string {
  return c4FromDigest(createHash('sha512').update(bytes).digest());
}

export function c4FromDigest(digest: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(digest).toString('hex')}`);
  const digits: string[] = [];
  while (n > 0n) {
    digits.push(ALPHABET[Number(n % 58n)]!);
    n /= 58n;
  }
  return `c4${digits.reverse().join('').padStart(ID_DIGITS, '1')}`;
}
