import { type ObjectWriter, WriterLifecycleError } from './destination';

type WriterState = 'open' | 'sealed' | 'verified' | 'committed' | 'aborted' | 'failed';

const AFTER: Partial<Record<WriterState, string>> = {
  committed: 'after it was committed',
  aborted: 'after it was aborted',
};

/**
 * The one place a writer's order is kept, whatever the backend: bytes are written while open, then sealed
 * once, verified, and only then committed; a step that failed leaves nothing to do but abort. `abort` is
 * safe at any point and more than once, and does nothing once committed. The backend's writer sees only
 * calls in order; its own fields (an upload's stats, a copy's read-back source) read through.
 */
export function withLifecycle<W extends ObjectWriter>(inner: W, destination: string, location: string): W {
  let state: WriterState = 'open';
  /** `early`: what the call came before, in the states where it is too early (or, for a commit, a failed step). */
  const refuse = (what: string, early: string): never => {
    const when = AFTER[state] ?? (state === 'failed' && what !== 'commit of' ? 'after a step of it failed' : early);
    throw new WriterLifecycleError(destination, `${what} ${location} ${when}`);
  };
  const step = async <T>(next: WriterState, run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      if (state !== 'aborted') state = next;
      return result;
    } catch (error) {
      if (state !== 'aborted') state = 'failed';
      throw error;
    }
  };
  const guarded: ObjectWriter = Object.create(inner);
  guarded.write = async (chunk) => {
    if (state !== 'open') refuse('write to', 'after it was sealed');
    return step('open', () => inner.write(chunk));
  };
  guarded.seal = async () => {
    if (state !== 'open') refuse('seal of', 'twice');
    return step('sealed', () => inner.seal());
  };
  guarded.verify = async (xxh64) => {
    if (state !== 'sealed' && state !== 'verified') refuse('verify of', 'before it was sealed');
    return step('verified', () => inner.verify(xxh64));
  };
  guarded.commit = async () => {
    if (state !== 'verified') refuse('commit of', 'before it was verified');
    return step('committed', () => inner.commit());
  };
  guarded.abort = async (resumable) => {
    if (state === 'committed' || state === 'aborted') return;
    state = 'aborted';
    await inner.abort(resumable);
  };
  return guarded as W;
}
