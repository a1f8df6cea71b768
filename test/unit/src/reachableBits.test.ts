import { reachableBits } from '../../../src/policy/reachableBits';

describe('reachableBits: what a source folder and its parents let other users reach', () => {
  it('open folders all the way up keep every bit', () => {
    expect(reachableBits([0o755, 0o755, 0o1777, 0o755]).toString(8)).toBe('777');
  });

  it('one parent closed to others (a 0750 home) drops the others’ bits, keeps the group’s', () => {
    expect(reachableBits([0o755, 0o750, 0o755]).toString(8)).toBe('770');
  });

  it('one parent the owner’s alone (0700) leaves only the owner’s bits', () => {
    expect(reachableBits([0o755, 0o700, 0o755]).toString(8)).toBe('700');
  });

  it('read without search (x) is no way through', () => {
    expect(reachableBits([0o755, 0o744]).toString(8)).toBe('700');
  });
});
