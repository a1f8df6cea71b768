import type { Command } from 'commander';
import { overdueForStatus } from '../../engine/deadlines';
import { statusOfTargets } from '../../engine/status';
import { overdueLines } from '../render/overdueLines';
import { openWorkspace } from '../../engine/workspace';
import { jsonTextPieces } from '../render/jsonText';
import { statusTableLines } from '../render/statusTable';
import { asLines, endingWithNewline, writeText } from '../render/writeText';
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
        const status = await statusOfTargets(ws.config, ws.catalog, absoluteTargets(targets), options.includePreviews ? { includePreviews: true } : {});
        const doc = { ...status, ...(await overdueForStatus(ws.config, ws.catalog)) };
        if (options.json) await writeText(process.stdout, endingWithNewline(jsonTextPieces(doc)));
        else {
          for (const w of doc.warnings) process.stderr.write(`warning: ${w}\n`);
          await writeText(process.stdout, asLines(statusTableLines(doc)));
          if (doc.overdue) process.stdout.write(`${overdueLines(doc.overdue).join('\n')}\n`);
        }
      } finally {
        ws.catalog.close();
      }
    });
}
