import path from 'node:path';
import { watch as watchFiles } from 'chokidar';
import { configPath, loadConfig, type ThreefoldConfig } from '../config/config';

/** config.json is written atomically (a rename): a burst of events within this long is one change. */
const SETTLE_MS = 100;

export interface ConfigWatch {
  close(): Promise<void>;
}

/**
 * Hands config.json to `apply` now and after every change, one apply after the other, so `threefold plan add`
 * or an edit in a text editor takes effect in a running helper. A file that cannot be read or is not valid is
 * logged and not applied: what runs stays as it was until a good edit.
 */
export async function watchConfig(home: string, apply: (config: ThreefoldConfig) => Promise<void>, log: (line: string) => void): Promise<ConfigWatch> {
  const file = configPath(home);
  let closed = false;
  let applying: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    applying = applying.then(async () => {
      if (closed) return;
      let config: ThreefoldConfig;
      try {
        config = await loadConfig(home);
      } catch (error) {
        log(`config.json is not applied, the plans and the upkeep schedule stay as they were: ${(error as Error).message}`);
        return;
      }
      if (closed) return;
      await apply(config).catch((error: Error) => log(`config.json: not applied: ${error.stack ?? error.message}`));
    });
    return applying;
  };
  await reload();
  const watcher = watchFiles(path.dirname(file), { depth: 0, ignoreInitial: true, ignored: (p) => p !== path.dirname(file) && p !== file });
  let pending: NodeJS.Timeout | undefined;
  watcher.on('all', () => {
    clearTimeout(pending);
    pending = setTimeout(() => void reload(), SETTLE_MS);
  });
  watcher.on('error', (error) => log(`config.json cannot be watched: ${(error as Error).message}`));
  // A change made right after the helper starts is not missed.
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: async () => {
      closed = true;
      clearTimeout(pending);
      await watcher.close();
      await applying;
    },
  };
}
