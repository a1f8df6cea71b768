import type { Command } from 'commander';
import { formatBytes, formatDuration } from '../../../src/format/formatBytes';
import { parseByteSize } from '../../../src/format/parseByteSize';
import { DRILL_BYTES, DRILL_FILES, drill, type DrillReport } from '../../engine/restore/drill';
import { openWorkspace } from '../../engine/workspace';
import { writeReportsOf } from './jobReports';
import { UserError } from '../../errors';
import { displayPath } from '../render/displayPath';
import { jsonTextPieces } from '../render/jsonText';
import { progressDisplay } from '../render/progressBar';
import { asLines, endingWithNewline, writeText } from '../render/writeText';
import { collectNames, type GlobalOptions } from './options';

interface DrillOptions {
  files?: string;
  bytes?: string;
  dest?: string[];
  seed?: string;
  json?: boolean;
}

export function registerDrill(program: Command, globals: () => GlobalOptions): void {
  program
    .command('drill')
    .description('prove that copies come back: restore a random sample (every destination, large and small files) into a temporary folder and verify it')
    .option('--files <n>', `at most this many files (default ${DRILL_FILES})`)
    .option('--bytes <size>', `at most this many bytes, such as 2GB or 500MB (default ${formatBytes(DRILL_BYTES)})`)
    .option('--dest <names>', 'only these destinations (comma-separated)', collectNames)
    .option('--seed <n>', 'draw the same sample again (the same seed on the same catalog)')
    .option('--json', 'print the result as JSON')
    .action(async (options: DrillOptions) => {
      const files = options.files === undefined ? undefined : wholeNumber('--files', options.files, 1);
      const seed = options.seed === undefined ? undefined : wholeNumber('--seed', options.seed);
      const bytes = options.bytes === undefined ? undefined : parseByteSize(options.bytes);
      if (bytes === null) throw new UserError(`--bytes ${options.bytes}: give a size such as 2GB, 500MB or 512MiB`);
      const ws = await openWorkspace(globals().home);
      const display = options.json ? undefined : progressDisplay('Drilling');
      let report: DrillReport;
      try {
        report = await drill(ws, {
          ...(files !== undefined ? { files } : {}),
          ...(bytes !== undefined ? { bytes } : {}),
          ...(options.dest ? { only: options.dest } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(display ? { onProgress: display.onProgress } : {}),
        });
        await writeReportsOf(ws, report.job.id);
      } finally {
        display?.stop();
        ws.catalog.close();
      }
      await writeText(process.stdout, options.json ? endingWithNewline(jsonTextPieces(report)) : asLines(drillReportLines(report)));
      process.exitCode = report.job.state === 'succeeded' ? 0 : 1;
    });
}

function wholeNumber(option: string, text: string, least = 0): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < least) {
    throw new UserError(`${option} ${text}: give a whole number${least > 0 ? ` of at least ${least}` : ''}`);
  }
  return n;
}

function* drillReportLines(r: DrillReport): Generator<string> {
  const failed = r.files.filter((f) => !f.ok);
  const restored = r.files.length - failed.length;
  const bytes = r.files.reduce((sum, f) => sum + (f.ok ? f.bytes : 0), 0);
  const verdict = r.job.state === 'cancelled' ? 'CANCELLED' : failed.length > 0 ? 'FAILED' : 'passed';
  yield `Drill ${verdict}: restored and verified ${restored} of ${r.files.length} files (${formatBytes(bytes)}) in ${formatDuration(r.job.seconds)}.`;
  for (const d of r.drill?.destinations ?? []) {
    yield `  ${d.destination}: ${d.files - d.failures} of ${d.files} files, ${formatBytes(d.bytes)}${d.failures > 0 ? `, ${d.failures} FAILED` : ''}`;
  }
  for (const name of r.withoutCopies) yield `  ${name}: no verified copy to drill`;
  if (failed.length > 0) {
    yield `${failed.length} FAILED:`;
    for (const f of failed) yield `  ${displayPath(f.path)} from ${f.destination} (${displayPath(f.location)}): ${f.error}`;
  }
  for (const w of r.warnings) yield `warning: ${w}`;
  yield `The temporary folder ${displayPath(r.folder)} was removed.`;
}
