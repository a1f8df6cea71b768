import fc from 'fast-check';
import { encryptionHeaders, encryptionProblem, parseServerSideEncryption, SSE_ALGORITHMS } from '../../../src/providers/serverSideEncryption';

describe('server-side encryption settings', () => {
  it('take AES256 and aws:kms in any case, a KMS key only with aws:kms', () => {
    expect(parseServerSideEncryption(undefined, undefined)).toEqual({ ok: true, sse: undefined });
    expect(parseServerSideEncryption('aes256', undefined)).toEqual({ ok: true, sse: { algorithm: 'AES256' } });
    expect(parseServerSideEncryption('AWS:KMS', ' key-1 ')).toEqual({ ok: true, sse: { algorithm: 'aws:kms', kmsKeyId: 'key-1' } });
    expect(parseServerSideEncryption('AES256', 'key-1')).toEqual({ ok: false, error: '--kms-key-id goes with --sse aws:kms, not AES256' });
    expect(parseServerSideEncryption(undefined, 'key-1')).toEqual({ ok: false, error: '--kms-key-id goes with --sse aws:kms' });
    expect(parseServerSideEncryption('aws:kms', '  ')).toEqual({ ok: false, error: '--kms-key-id is empty' });
    expect(parseServerSideEncryption('SSE-C', undefined)).toEqual({
      ok: false,
      error: 'unknown server-side encryption "SSE-C": choose AES256 (keys kept by the store) or aws:kms',
    });
  });

  it('become the request headers S3 reads', () => {
    expect(encryptionHeaders(undefined)).toEqual({});
    expect(encryptionHeaders({ algorithm: 'AES256' })).toEqual({ 'x-amz-server-side-encryption': 'AES256' });
    expect(encryptionHeaders({ algorithm: 'aws:kms', kmsKeyId: 'k' })).toEqual({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'k',
    });
  });
});

describe('whether a stored object has the encryption asked for', () => {
  it('accepts what was asked, and anything when nothing was', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SSE_ALGORITHMS),
        fc.option(fc.constantFrom(...SSE_ALGORITHMS), { nil: undefined }),
        fc.boolean(),
        (asked, reported, always) => {
          expect(encryptionProblem({ algorithm: asked }, { algorithm: asked }, always)).toBeUndefined();
          expect(encryptionProblem(undefined, { algorithm: reported }, always)).toBeUndefined();
        },
      ),
    );
  });

  it('refuses another algorithm than the one asked, naming both', () => {
    expect(encryptionProblem({ algorithm: 'aws:kms' }, { algorithm: 'AES256' }, false)).toBe(
      'the store encrypted it with AES256, not aws:kms as asked (is a bucket default overriding it?)',
    );
  });

  it('reads silence as no encryption only from a store that always reports it', () => {
    expect(encryptionProblem({ algorithm: 'AES256' }, {}, false)).toBeUndefined();
    expect(encryptionProblem({ algorithm: 'AES256' }, {}, true)).toBe('the store reports no server-side encryption for it, though AES256 was asked for');
  });

  it('compares a KMS key given by id or ARN with the ARN the store reports, never an alias', () => {
    const arn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const asked = (kmsKeyId: string) => ({ algorithm: 'aws:kms' as const, kmsKeyId });
    expect(encryptionProblem(asked('1234abcd-12ab-34cd-56ef-1234567890ab'), { algorithm: 'aws:kms', kmsKeyId: arn }, true)).toBeUndefined();
    expect(encryptionProblem(asked(arn), { algorithm: 'aws:kms', kmsKeyId: arn }, true)).toBeUndefined();
    expect(encryptionProblem(asked('alias/backups'), { algorithm: 'aws:kms', kmsKeyId: arn }, true)).toBeUndefined();
    expect(encryptionProblem(asked('other-key'), { algorithm: 'aws:kms', kmsKeyId: arn }, true)).toBe(
      `the store encrypted it with KMS key ${arn}, not other-key as asked`,
    );
  });
});
