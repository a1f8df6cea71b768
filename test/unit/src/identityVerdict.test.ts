import fc from 'fast-check';
import { identityVerdict, type IdentityFacts } from '../../../src/policy/identityVerdict';

const facts = (f: Partial<IdentityFacts>): IdentityFacts => ({
  mountedRoot: false,
  known: null,
  found: null,
  ownerOfFound: null,
  adding: false,
  recordedCopies: false,
  hasHistory: false,
  ...f,
});

describe('identityVerdict', () => {
  it.each<[string, Partial<IdentityFacts>, unknown]>([
    ['the recorded marker', { known: 'a', found: 'a' }, { action: 'use' }],
    ['a first marker to write', {}, { action: 'claim' }],
    ['a marker written by another home', { found: 'b' }, { action: 'adopt' }],
    ['another configured destination’s marker', { found: 'b', ownerOfFound: 'raid' }, { action: 'duplicate', of: 'raid' }],
    [
      'another destination’s marker where this one had its own',
      { known: 'a', found: 'b', ownerOfFound: 'raid' },
      { action: 'duplicate', of: 'raid', condemn: expect.stringContaining('not the one') },
    ],
    [
      'another marker than the recorded one (another disk or bucket)',
      { mountedRoot: true, known: 'a', found: 'b' },
      { action: 'adopt', condemn: expect.stringContaining('not the one') },
    ],
    ['a bucket that lost its marker', { known: 'a' }, { action: 'claim', condemn: expect.stringContaining('emptied or replaced') }],
    [
      'a local root that lost its marker (not mounted)',
      { mountedRoot: true, known: 'a' },
      { action: 'unreachable', reason: expect.stringContaining('not mounted') },
    ],
    [
      'a local root re-added by the user after it was emptied',
      { mountedRoot: true, known: 'a', adding: true },
      { action: 'claim', condemn: expect.stringContaining('emptied') },
    ],
    [
      'an earlier version’s folder with copies but no manifests (an empty mount point)',
      { mountedRoot: true, recordedCopies: true },
      { action: 'unreachable', reason: expect.stringContaining('not mounted') },
    ],
    ['an earlier version’s folder with its manifests', { mountedRoot: true, recordedCopies: true, hasHistory: true }, { action: 'claim' }],
    ['an earlier version’s bucket', { recordedCopies: true }, { action: 'claim' }],
  ])('%s', (_label, f, expected) => expect(identityVerdict(facts(f))).toEqual(expected));

  const anyFacts = fc.record({
    mountedRoot: fc.boolean(),
    known: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
    found: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
    ownerOfFound: fc.option(fc.constant('raid'), { nil: null }),
    adding: fc.boolean(),
    recordedCopies: fc.boolean(),
    hasHistory: fc.boolean(),
  });

  it('property: copies are condemned exactly when the storage is proven not to be the recorded one', () => {
    fc.assert(
      fc.property(anyFacts, (f) => {
        const verdict = identityVerdict(f);
        const condemns = 'condemn' in verdict && verdict.condemn !== undefined;
        const proven = f.known !== null && f.known !== f.found && (f.found !== null || f.adding || !f.mountedRoot);
        expect(condemns).toBe(proven);
        // A storage holding another configured destination's marker is never used under this name.
        if (f.found !== null && f.ownerOfFound !== null) expect(verdict.action).toBe('duplicate');
        // Nothing is written where a mounted root shows no sign of being the disk.
        if (verdict.action === 'unreachable') expect([f.mountedRoot, f.found, f.adding]).toEqual([true, null, false]);
      }),
    );
  });
});
