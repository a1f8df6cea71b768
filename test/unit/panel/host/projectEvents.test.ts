import { followedAfter, projectChangeOf, type ProjectEventKind } from '../../../../panel/host/projectEvents';

const ALL: ProjectEventKind[] = ['dirty', 'imported', 'closed', 'opened', 'activated'];

describe('projectChangeOf', () => {
  it('reports a change of the followed project as dirty', () => {
    expect(projectChangeOf('dirty', 'p1', 'p1')).toBe('dirty');
  });

  it('reports a finished media import as a change: DIRTY may not fire for it', () => {
    expect(projectChangeOf('imported', 'p1', 'p1')).toBe('dirty');
  });

  it('reports a switch whenever another project is active, whatever the event', () => {
    for (const event of ALL) {
      expect(projectChangeOf(event, 'p1', 'p2')).toBe('switched');
      expect(projectChangeOf(event, null, 'p2')).toBe('switched');
    }
  });

  it('reports closed when no project is active any more', () => {
    for (const event of ALL) expect(projectChangeOf(event, 'p1', null)).toBe('closed');
  });

  it('reports closed when the followed project closes while Premiere still calls it active', () => {
    expect(projectChangeOf('closed', 'p1', 'p1')).toBe('closed');
  });

  it('reports nothing when the event changes nothing the panel shows', () => {
    expect(projectChangeOf('opened', 'p1', 'p1')).toBeNull();
    expect(projectChangeOf('activated', 'p1', 'p1')).toBeNull();
    for (const event of ALL) expect(projectChangeOf(event, null, null)).toBeNull();
  });
});

describe('followedAfter', () => {
  it('follows the active project, and none after a close', () => {
    expect(followedAfter('switched', 'p2')).toBe('p2');
    expect(followedAfter('dirty', 'p1')).toBe('p1');
    expect(followedAfter('closed', 'p1')).toBeNull();
  });

  it('then sees the next activated project as a switch', () => {
    const followed = followedAfter('closed', 'p1');
    expect(projectChangeOf('activated', followed, 'p3')).toBe('switched');
  });
});
