import fc from 'fast-check';
import { clientMessage } from '../../../src/format/clientMessage';

describe('a helper message as a client shows it', () => {
  it.each([
    ['no token: pair first (run `threefold pair` and enter the code)', 'No token: pair first (run “threefold pair” and enter the code)'],
    [
      'no destinations are configured: add one with `threefold dest add NAME PATH --media LABEL`',
      'No destinations are configured: add one with “threefold dest add NAME PATH --media LABEL”',
    ],
    ['the helper failed: a bug', 'The helper failed: a bug'],
    // A name or a path opens some messages: it keeps its case.
    ['raid: not reachable', 'raid: not reachable'],
    ['/Volumes/RAID: no such folder', '/Volumes/RAID: no such folder'],
    ['Already a sentence', 'Already a sentence'],
    ['a stray ` backtick', 'A stray  backtick'],
  ])('%s', (message, shown) => expect(clientMessage(message)).toBe(shown));

  it('never shows a backtick, and saying it twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string(), (message) => {
        const once = clientMessage(message);
        expect(once).not.toContain('`');
        expect(clientMessage(once)).toBe(once);
      }),
    );
  });
});
