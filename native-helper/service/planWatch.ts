import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { SettledFiles } from './settledFiles';

export interface PlanWatchEvents {
  /** The target (or a file under a folder target) was saved and has settled; for a catalog, also Lightroom quitting. */
  changed(file: string): void;
  /** The target is gone (deleted, renamed away) or came back. */
  gone(): void;
  /** The watcher failed; the plan's other triggers go on. */
  failed(error: Error): void;
}

/** The lock files Lightroom Classic keeps beside a catalog it has open. */
export function catalogLockFiles(catalog: string): string[] {
  return [`${catalog}.lock`, `${catalog}-lock`];
}

/** Names Threefold writes beside sources or in destinations: their changes are its own. */
const OWN_NAMES = /(^|[/\\])(\.threefold[^/\\]*|[^/\\]*\.threefold-partial)([/\\]|$)/;

/**
 * Watches a plan's target with chokidar: a project or catalog through its folder (a save may replace the
 * file by a rename), a folder with everything under it but the destinations' folders and Threefold's own names.
 */
export function watchPlanTarget(
  target: string,
  kind: 'file' | 'folder',
  settleMs: number,
  excluded: readonly string[],
  on: PlanWatchEvents,
): { close(): Promise<void> } {
  const settled = new SettledFiles(settleMs, on.changed);
  const excludedRoots = excluded.map((d) => path.resolve(d));
  const under = (p: string, root: string) => p === root || p.startsWith(root + path.sep);
  let watcher: FSWatcher;
  if (kind === 'file') {
    const folder = path.dirname(target);
    const locks = new Set(catalogLockFiles(target));
    watcher = watch(folder, {
      depth: 0,
      ignoreInitial: true,
      ignored: (p) => path.resolve(p) !== folder && path.resolve(p) !== target && !locks.has(path.resolve(p)),
    });
    watcher.on('all', (event, p) => {
      const file = path.resolve(p);
      if (file === target) {
        if (event === 'unlink') on.gone();
        else if (event === 'add' || event === 'change') settled.touched(target);
      } else if (locks.has(file) && event === 'unlink') {
        // Lightroom quit: the catalog it had open can be read now.
        settled.touched(target);
      } else if (file === folder && event === 'unlinkDir') on.gone();
    });
  } else {
    watcher = watch(target, {
      ignoreInitial: true,
      ignored: (p) => OWN_NAMES.test(p) || excludedRoots.some((root) => under(path.resolve(p), root)),
    });
    watcher.on('all', (event, p) => {
      const file = path.resolve(p);
      if (event === 'add' || event === 'change') settled.touched(file);
      else if (event === 'unlinkDir' && file === target) on.gone();
    });
  }
  watcher.on('error', (error) => on.failed(error as Error));
  return {
    close: async () => {
      settled.close();
      await watcher.close();
    },
  };
}
