import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from '../../../src/crypt/base32';

const IV_BYTES = 16;

/**
 * Names encrypted one path segment at a time, deterministically (the same name, the same text, so a key is
 * found again and a folder stays a folder) and reversibly (a listing gives the names back): a synthetic IV,
 * the HMAC-SHA256 of the name, and the name in AES-256-CTR under it, in lowercase base32. A name that does not
 * decrypt to its own IV was not written with this key.
 */
export class NameCipher {
  private readonly macKey: Buffer;
  private readonly encKey: Buffer;

  constructor(secret: Uint8Array) {
    this.macKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'threefold.v1 names mac', 32));
    this.encKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'threefold.v1 names enc', 32));
  }

  /** A `/`-separated key, each segment encrypted (`''` stays the root). */
  encryptKey(key: string): string {
    return key === ''
      ? ''
      : key
          .split('/')
          .map((segment) => this.encryptName(segment))
          .join('/');
  }

  /** The key an encrypted key stands for, or undefined when a segment is not one of ours. */
  decryptKey(stored: string): string | undefined {
    const names = stored.split('/').map((segment) => this.decryptName(segment));
    return names.some((n) => n === undefined) ? undefined : names.join('/');
  }

  encryptName(name: string): string {
    const plain = Buffer.from(name, 'utf8');
    const iv = createHmac('sha256', this.macKey).update(plain).digest().subarray(0, IV_BYTES);
    const cipher = createCipheriv('aes-256-ctr', this.encKey, iv);
    return base32Encode(Buffer.concat([iv, cipher.update(plain), cipher.final()]));
  }

  decryptName(text: string): string | undefined {
    const bytes = base32Decode(text);
    if (bytes === undefined || bytes.length < IV_BYTES) return undefined;
    const iv = bytes.subarray(0, IV_BYTES);
    const decipher = createDecipheriv('aes-256-ctr', this.encKey, iv);
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES)), decipher.final()]);
    const check = createHmac('sha256', this.macKey).update(plain).digest().subarray(0, IV_BYTES);
    return timingSafeEqual(check, iv) ? plain.toString('utf8') : undefined;
  }
}
