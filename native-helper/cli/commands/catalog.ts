import type { Command } from 'commander';
import { formatDuration } from '../../../src/format/formatBytes';
import { rebuildCatalog, type RebuildReport } from '../../engine/rebuildCatalog';
import { openWorkspace } from '../../engine/workspace';
import { loadConfig } from '../../config/config';
import { resolveHome } from '../../config/home';
import { lacksEncryptionKey } from '../../destinations/backends';
import { giveEncryptionKey } from '../../engine/manageDestinations';
import { readRecoveryPhrase } from './secretInput';
import type { GlobalOptions } from './options';

export function registerCatalog(program: Command, globals: () => GlobalOptions): void {
  const catalog = program.command('catalog').description("Threefold's own catalog: what is protected where");

  catalog
    .command('rebuild')
    .description('a new machine: learn every copy a destination holds, from its catalog snapshot or its ASC MHL history')
    .requiredOption('--from <dest>', 'the destination to learn from (add it first with `threefold dest add`)')
    .option('--home-id <id>', 'the home to rebuild, when the destination holds the records of several')
    .option('--history-only', 'read the ASC MHL history and key owners record only, not the catalog snapshot')
    .option('--recovery-phrase-stdin', 'an encrypted destination: read its recovery phrase from standard input (else asked for when its key is not here)')
    .option('--json', 'print JSON')
    .action(async (options: { from: string; homeId?: string; historyOnly?: boolean; recoveryPhraseStdin?: boolean; json?: boolean }) => {
      await keyOfEncryptedSource(resolveHome(globals().home), options.from, options.recoveryPhraseStdin === true);
      const ws = await openWorkspace(globals().home);
      let report: RebuildReport;
      try {
        report = await rebuildCatalog(ws, {
          from: options.from,
          ...(options.homeId !== undefined ? { home: options.homeId } : {}),
          ...(options.historyOnly ? { historyOnly: true } : {}),
        });
      } finally {
        ws.catalog.close();
      }
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${rebuildReportLines(report).join('\n')}\n`);
      process.exitCode = report.warnings.length > 0 ? 1 : 0;
    });
}

/** An encrypted destination rebuilt from needs its key: given on standard input, or asked for when it is not stored here. */
async function keyOfEncryptedSource(home: string, name: string, fromStdin: boolean): Promise<void> {
  const config = (await loadConfig(home)).destinations.find((d) => d.name === name);
  if (config === undefined || (!fromStdin && !lacksEncryptionKey(config))) return;
  if (!fromStdin && !process.stdin.isTTY) return;
  await giveEncryptionKey(home, name, await readRecoveryPhrase(fromStdin));
}

function rebuildReportLines(r: RebuildReport): string[] {
  const lines = [
    `Rebuilt from ${r.destination} (home ${r.home}) in ${formatDuration(r.seconds)}, into ${r.catalogWasEmpty ? 'an empty catalog' : 'a catalog that already held files (only what it lacked was added)'}.`,
  ];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (r.snapshot) {
    const a = r.snapshot.added;
    lines.push(
      `Catalog snapshot of ${r.snapshot.takenAt}: added ${a.assets} files, ${a.copies} copies, ${a.keyOwners} owned paths, ${a.keptVersions} kept versions.`,
    );
  }
  for (const d of r.notConfigured) {
    lines.push(`  ${d.copies} copies on ${d.name} (${d.location}) were not added: it is not configured here (add it, then rebuild from it too).`);
  }
  if (r.history) {
    const h = r.history;
    lines.push(
      `ASC MHL history (${h.generations} generations): ${h.proven} copies proven, ${h.added.copies} added (${h.added.assets} new files); ${h.differing} differ from what this catalog records; ${h.unproven} recorded paths could not be proven (gone, changed, or last check failed).`,
    );
    if (h.added.copies > 0)
      lines.push('Copies learned from the history count as verified on the date their manifest gives; run `threefold verify` to check them now.');
  }
  return lines;
}
