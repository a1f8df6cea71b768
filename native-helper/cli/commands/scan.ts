import type { Command } from 'commander';
import { scanTarget } from '../../engine/scan';
import { openWorkspace } from '../../engine/workspace';
import { renderScanSummary } from '../render/scanSummary';
import { absoluteTargets, type GlobalOptions } from './options';

export function registerScan(program: Command, globals: () => GlobalOptions): void {
  program
    .command('scan')
    .description('what a project, catalog, folder or file depends on: what exists, what is offline; copies nothing')
    .argument('<target>', 'a .prproj, a .lrcat, a folder or a file')
    .option('--json', 'print JSON')
    .option('--include-previews', 'Lightroom: also list the preview caches')
    .action(async (target: string, options: { json?: boolean; includePreviews?: boolean }) => {
      const ws = await openWorkspace(globals().home);
      try {
        const [absolute] = absoluteTargets([target]);
        const doc = await scanTarget(ws.config, absolute!, options.includePreviews ? { includePreviews: true } : {});
        process.stdout.write(options.json ? `${JSON.stringify(doc, null, 2)}\n` : `${renderScanSummary(doc)}\n`);
      } finally {
        ws.catalog.close();
      }
    });
}
