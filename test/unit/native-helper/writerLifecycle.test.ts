import fc from 'fast-check';
import { type ObjectWriter, WriterLifecycleError } from '../../../native-helper/destinations/destination';
import { withLifecycle } from '../../../native-helper/destinations/writerLifecycle';

type Call = 'write' | 'seal' | 'verify' | 'commit' | 'abort';

/** A backend's writer that records what reaches it; `failing` makes that step throw once. */
function recordingWriter(failing?: Call): { writer: ObjectWriter & { stats: { calls: number } }; seen: Call[] } {
  const seen: Call[] = [];
  const stats = { calls: 0 };
  const run = (call: Call) => async (): Promise<void> => {
    seen.push(call);
    stats.calls += 1;
    if (call === failing) throw new Error(`${call} failed`);
  };
  return {
    seen,
    writer: {
      stats,
      write: run('write'),
      seal: run('seal'),
      verify: run('verify'),
      commit: async () => {
        await run('commit')();
        return '/where';
      },
      abort: run('abort'),
    },
  };
}

const call = (w: ObjectWriter, c: Call): Promise<unknown> => (c === 'write' ? w.write(new Uint8Array(1)) : c === 'verify' ? w.verify('x') : w[c]());

/**
 * Whether the calls a backend's writer saw follow its lifecycle: writes, one seal, verifies, one commit;
 * one abort, last, and never after a commit that went through.
 */
function inOrder(seen: readonly Call[], failing: Call | undefined): boolean {
  const abortAt = seen.indexOf('abort');
  if (abortAt !== -1 && abortAt !== seen.length - 1) return false;
  if (abortAt !== -1 && seen.includes('commit') && failing !== 'commit') return false;
  const steps = seen.filter((c) => c !== 'abort').join(' ');
  return /^(write ?)*(seal ?(verify ?)*(commit)?)?$/.test(steps.trim());
}

describe('withLifecycle', () => {
  it('refuses a commit before verify, without reaching the backend', async () => {
    const { writer, seen } = recordingWriter();
    const w = withLifecycle(writer, 'raid', '/raid/x');
    await w.write(new Uint8Array(1));
    await w.seal();
    await expect(w.commit()).rejects.toThrow(new WriterLifecycleError('raid', 'commit of /raid/x before it was verified'));
    expect(seen).toEqual(['write', 'seal']);
  });

  it('keeps the backend writer’s own fields readable', () => {
    const { writer } = recordingWriter();
    expect(withLifecycle(writer, 'raid', '/raid/x').stats).toBe(writer.stats);
  });

  it('property: whatever the callers do, the backend sees its calls in order, and a commit only after a verify that passed', async () => {
    const calls = fc.array(fc.constantFrom<Call>('write', 'seal', 'verify', 'commit', 'abort'), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(calls, fc.option(fc.constantFrom<Call>('write', 'seal', 'verify', 'commit'), { nil: undefined }), async (sequence, failing) => {
        const { writer, seen } = recordingWriter(failing);
        const w = withLifecycle(writer, 'raid', '/raid/x');
        for (const c of sequence) await call(w, c).catch(() => undefined);
        expect(inOrder(seen, failing)).toBe(true);
        if (seen.includes('commit')) expect(seen[seen.lastIndexOf('commit') - 1]).toBe('verify');
        if (failing !== undefined && seen.includes(failing)) {
          // After a step failed, only an abort reaches the backend.
          expect(seen.slice(seen.indexOf(failing) + 1).every((c) => c === 'abort')).toBe(true);
        }
      }),
    );
  });
});
