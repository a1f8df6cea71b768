import { DEFAULT_POLICY, DEFAULT_SOURCE_MEDIA, policyProblem, type Policy } from '../../../src/policy/policy';

describe('defaults', () => {
  it('the default policy is 3-2-1', () => {
    expect(DEFAULT_POLICY).toEqual({ copies: 3, media: 2, offsite: 1 });
  });

  it('the default policy is frozen', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(() => {
      (DEFAULT_POLICY as Policy).copies = 1;
    }).toThrow(TypeError);
    expect(DEFAULT_POLICY.copies).toBe(3);
  });

  it("the default source media label is 'ssd'", () => {
    expect(DEFAULT_SOURCE_MEDIA).toBe('ssd');
  });

  it('the default policy has no problem', () => {
    expect(policyProblem(DEFAULT_POLICY)).toBeUndefined();
  });
});

describe('policyProblem: valid policies', () => {
  it.each<[Policy]>([
    [{ copies: 1, media: 0, offsite: 0 }],
    [{ copies: 1, media: 1, offsite: 0 }],
    [{ copies: 1, media: 1, offsite: 1 }],
    [{ copies: 2, media: 2, offsite: 2 }],
    [{ copies: 4, media: 3, offsite: 2 }],
    [{ copies: 10, media: 0, offsite: 10 }],
  ])('%j', (policy) => {
    expect(policyProblem(policy)).toBeUndefined();
  });
});

describe('policyProblem: unusable policies', () => {
  it.each<[Policy, string]>([
    [{ copies: -1, media: 0, offsite: 0 }, 'policy.copies must be a whole number ≥ 0 (got -1)'],
    [{ copies: 2.5, media: 0, offsite: 0 }, 'policy.copies must be a whole number ≥ 0 (got 2.5)'],
    [{ copies: NaN, media: 0, offsite: 0 }, 'policy.copies must be a whole number ≥ 0 (got NaN)'],
    [{ copies: Infinity, media: 0, offsite: 0 }, 'policy.copies must be a whole number ≥ 0 (got Infinity)'],
    [{ copies: 3, media: -2, offsite: 0 }, 'policy.media must be a whole number ≥ 0 (got -2)'],
    [{ copies: 3, media: 1.5, offsite: 0 }, 'policy.media must be a whole number ≥ 0 (got 1.5)'],
    [{ copies: 3, media: 2, offsite: -1 }, 'policy.offsite must be a whole number ≥ 0 (got -1)'],
    [{ copies: 3, media: 2, offsite: 0.5 }, 'policy.offsite must be a whole number ≥ 0 (got 0.5)'],
    [{ copies: 0, media: 0, offsite: 0 }, 'policy.copies must be at least 1'],
    [{ copies: 2, media: 3, offsite: 0 }, 'policy.media cannot exceed policy.copies'],
    [{ copies: 2, media: 1, offsite: 3 }, 'policy.offsite cannot exceed policy.copies'],
  ])('%j → %s', (policy, problem) => {
    expect(policyProblem(policy)).toBe(problem);
  });

  it('a value that is not a number is reported with what it was', () => {
    const policy = { copies: '3', media: 2, offsite: 1 } as unknown as Policy;
    expect(policyProblem(policy)).toBe('policy.copies must be a whole number ≥ 0 (got 3)');
    const missing = { copies: 3, media: 2 } as unknown as Policy;
    expect(policyProblem(missing)).toBe('policy.offsite must be a whole number ≥ 0 (got undefined)');
  });

  it('checks fields in the order copies, media, offsite', () => {
    expect(policyProblem({ copies: -1, media: -1, offsite: -1 })).toMatch(/^policy\.copies /);
    expect(policyProblem({ copies: 3, media: -1, offsite: -1 })).toMatch(/^policy\.media /);
  });

  it('a malformed field is reported before a range problem', () => {
    expect(policyProblem({ copies: 0, media: 1.5, offsite: 0 })).toBe('policy.media must be a whole number ≥ 0 (got 1.5)');
  });

  it('media is checked before offsite when both exceed copies', () => {
    expect(policyProblem({ copies: 1, media: 2, offsite: 2 })).toBe('policy.media cannot exceed policy.copies');
  });
});
