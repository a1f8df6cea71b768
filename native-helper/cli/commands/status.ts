import type { Command } from 'commander';
import { statusOfTargets } from '../../engine/status';
import { openWorkspace } from '../../engine/workspace';
import { renderStatusTable } from '../render/statusTable';
import { absoluteTargets, type GlobalOptions } from './options';

export function registerStatus(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('the 3-2-1 state of every file of the targets (all known files without a target); never re-hashes')
    .argument('[targets...]', 'folders, files, Premiere projects (.prproj) or Lightroom catalogs (.lrcat)')
    .option('--json', 'print JSON')
    .option('--include-previews', 'Lightroom: include the preview caches')
    .action(async (targets: string[], options: { json?: boolean; includePreviews?: boolean }) => {
      const ws = await openWorkspace(globals().home);
      try {
        const doc = await statusOfTargets(ws.config, ws.catalog, absoluteTargets(targets), options.includePreviews ? { includePreviews: true } : {});
        if (options.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        else {
          for (const w of doc.warnings) process.stderr.write(`warning: ${w}\n`);
          process.stdout.write(`${renderStatusTable(doc)}\n`);
        }
      } finally {
        ws.catalog.close();
      }
    });
}
