import fs from 'node:fs/promises';
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { SettledFiles } from './settledFiles';

export interface PlanWatchEvents {
  /** The target (or a file under a folder target) was saved and has settled; for a catalog, also Lightroom quitting. */
  changed(file: string): void;
  /** The target is gone (deleted, renamed away) or came back. */
  gone(): void;
  /** The watcher has looked at what is there: a change from now on is seen. */
  ready(): void;
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
 * file by a rename), a folder with every folder under it but the destinations' folders and Threefold's own
 * names.
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
    // Folders only: chokidar would keep a watch of its own for every file (100,000 files cost ~280 MB).
    // A folder's watch reports its files' changes as raw events, which are settled like any other.
    const ignoredPath = (p: string) => OWN_NAMES.test(p) || excludedRoots.some((root) => under(path.resolve(p), root));
    watcher = watch(target, { ignoreInitial: true, ignored: (p, stats) => ignoredPath(p) || stats?.isFile() === true });
    watcher.on('raw', (_event, name, details) => {
      const folder = (details as { watchedPath?: string }).watchedPath;
      if (typeof name !== 'string' || name === '' || folder === undefined) return;
      const file = path.resolve(folder, name);
      if (!ignoredPath(file)) settled.touched(file);
    });
    // A folder copied in (a card's DCIM) may hold files before its own watch starts: they are looked at now.
    watcher.on('addDir', (p) => {
      void fs.readdir(p, { withFileTypes: true }).then(
        (entries) => {
          for (const e of entries) if (e.isFile() && !ignoredPath(path.join(p, e.name))) settled.touched(path.resolve(p, e.name));
        },
        () => undefined,
      );
    });
    watcher.on('unlinkDir', (p) => {
      if (path.resolve(p) === target) on.gone();
    });
  }
  watcher.on('ready', () => on.ready());
  watcher.on('error', (error) => on.failed(error as Error));
  return {
    close: async () => {
      settled.close();
      await watcher.close();
    },
  };
}
