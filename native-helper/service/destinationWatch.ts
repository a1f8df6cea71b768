import fs from 'node:fs/promises';
import path from 'node:path';
import { type DestinationConfig, localDestinationFolders } from '../config/config';
import { MARKER_KEY } from '../destinations/identityMarker';

/** Whether a local destination is there now: its root is a folder and holds its identity marker (a mounted disk). */
async function present(root: string): Promise<boolean> {
  const marker = await fs.stat(path.join(root, ...MARKER_KEY.split('/'))).catch(() => undefined);
  return marker?.isFile() === true;
}

/**
 * Looks at the local destinations every `pollMs` (a stat or two each) and tells of one that appears: a
 * shuttle drive plugged in. What is there when watching starts is known, not news.
 */
export function watchDestinations(destinations: readonly DestinationConfig[], pollMs: number, appeared: (name: string) => void): { close(): void } {
  const local = destinations.flatMap((d) => {
    const [root] = localDestinationFolders([d]);
    return root === undefined ? [] : [{ name: d.name, root }];
  });
  const known = new Map<string, boolean>();
  let closed = false;
  // A stat stuck on a hung network mount: the next look waits for it rather than piling up beside it.
  let looking = false;
  const look = async (): Promise<void> => {
    if (looking) return;
    looking = true;
    try {
      await lookOnce();
    } finally {
      looking = false;
    }
  };
  const lookOnce = async (): Promise<void> => {
    for (const d of local) {
      const now = await present(d.root);
      if (closed) return;
      const before = known.get(d.name);
      known.set(d.name, now);
      if (before === false && now) appeared(d.name);
    }
  };
  void look();
  const timer = setInterval(() => void look(), pollMs);
  timer.unref();
  return {
    close: () => {
      closed = true;
      clearInterval(timer);
    },
  };
}
