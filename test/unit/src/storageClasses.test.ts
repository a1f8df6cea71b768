import fc from 'fast-check';
import { S3_PROVIDERS, storageClassProvider } from '../../../src/providers/s3Providers';
import { isArchiveClass, resolveStorageClass, STORAGE_CLASSES, storageClassFor } from '../../../src/providers/storageClasses';

describe('storage classes', () => {
  it('take a class the provider has, in any case; STANDARD, the default, is not kept', () => {
    const aws = storageClassProvider('aws', undefined);
    expect(resolveStorageClass('deep_archive', aws)).toEqual({ ok: true, storageClass: 'DEEP_ARCHIVE' });
    expect(resolveStorageClass('GLACIER_IR', aws)).toEqual({ ok: true, storageClass: 'GLACIER_IR' });
    expect(resolveStorageClass('STANDARD', aws)).toEqual({ ok: true, storageClass: undefined });
    expect(resolveStorageClass(undefined, aws)).toEqual({ ok: true, storageClass: undefined });
  });

  it('refuse, for every provider with a list, a class it does not have, naming the ones it has', () => {
    fc.assert(
      fc.property(fc.constantFrom(...S3_PROVIDERS.filter((p) => p.storageClasses)), fc.constantFrom(...STORAGE_CLASSES.map((c) => c.id)), (provider, id) => {
        const resolved = resolveStorageClass(id, storageClassProvider(provider.id, undefined));
        expect(resolved.ok).toBe(provider.storageClasses!.includes(id));
        if (!resolved.ok) expect(resolved.error).toBe(`${provider.label} has no storage class "${id}": choose one of ${provider.storageClasses!.join(', ')}`);
      }),
    );
    expect(resolveStorageClass('GLACIER', storageClassProvider('b2', undefined))).toEqual({
      ok: false,
      error: 'Backblaze B2 has no storage class "GLACIER": choose one of STANDARD',
    });
  });

  it("use AWS's list without a provider or endpoint, and any well-formed name for a store without a preset", () => {
    expect(resolveStorageClass('NEARLINE', storageClassProvider(undefined, undefined)).ok).toBe(false);
    expect(resolveStorageClass('PLACEMENT_COLD', storageClassProvider(undefined, 'http://ceph.local'))).toEqual({ ok: true, storageClass: 'PLACEMENT_COLD' });
    expect(resolveStorageClass('PLACEMENT_COLD', storageClassProvider('ceph', 'http://ceph.local'))).toEqual({ ok: true, storageClass: 'PLACEMENT_COLD' });
    expect(resolveStorageClass('cold tier', storageClassProvider('other', 'http://s3.local'))).toEqual({
      ok: false,
      error: '"cold tier" is no storage class name (capital letters, digits and "_": STANDARD_IA, GLACIER_IR…)',
    });
  });

  it('say which classes need thawing before a read', () => {
    expect(['GLACIER', 'DEEP_ARCHIVE'].every(isArchiveClass)).toBe(true);
    expect(['STANDARD', 'STANDARD_IA', 'GLACIER_IR', 'INTELLIGENT_TIERING', 'ARCHIVE', undefined].some(isArchiveClass)).toBe(false);
  });

  it('write probes in STANDARD and everything else in the destination class', () => {
    expect(storageClassFor('.threefold-probe-0011223344556677', 'DEEP_ARCHIVE')).toBeUndefined();
    expect(storageClassFor('MEDIA/Proj/.threefold-probe-00', 'GLACIER')).toBeUndefined();
    expect(storageClassFor('MEDIA/Proj/A001.mov', 'DEEP_ARCHIVE')).toBe('DEEP_ARCHIVE');
    expect(storageClassFor('MEDIA/Proj/A001.mov', undefined)).toBeUndefined();
  });
});
