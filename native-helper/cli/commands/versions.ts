import type { Command } from 'commander';
import { formatBytes } from '../../../src/format/formatBytes';
import { listVersions, type VersionsReport } from '../../engine/restore/keptVersionList';
import { openWorkspace } from '../../engine/workspace';
import { displayPath } from '../render/displayPath';
import { jsonTextPieces } from '../render/jsonText';
import { localTime } from '../render/localTime';
import { asLines, endingWithNewline, writeText } from '../render/writeText';
import { absoluteTargets, type GlobalOptions } from './options';

export function registerVersions(program: Command, globals: () => GlobalOptions): void {
  program
    .command('versions')
    .description('list the kept versions of a project file or catalog, per destination (restore one with `restore FILE --version WHEN`)')
    .argument('<file>', 'a Premiere project, a Lightroom catalog, or any file with kept versions')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const ws = await openWorkspace(globals().home);
      let report: VersionsReport;
      try {
        report = await listVersions(ws, absoluteTargets([file])[0]!);
      } finally {
        ws.catalog.close();
      }
      await writeText(process.stdout, options.json ? endingWithNewline(jsonTextPieces(report)) : asLines(versionLines(report)));
    });
}

function* versionLines(r: VersionsReport): Generator<string> {
  const { file } = r;
  const now = file.exists ? `${formatBytes(file.size!)}, modified ${localTime(file.mtime!)}` : 'not on disk';
  yield `${displayPath(r.path)}: ${now}; recorded ${formatBytes(file.recorded.size)}, xxh64 ${file.recorded.xxh64}`;
  if (r.note !== null) {
    yield r.note;
    return;
  }
  yield `${r.versions.length} kept version${r.versions.length === 1 ? '' : 's'}, newest first (times as this machine shows them):`;
  for (const v of r.versions) {
    yield `  ${localTime(v.mtime)}  ${formatBytes(v.size)}  xxh64 ${v.xxh64}  id ${v.id}${v.current ? '  (the current content)' : ''}`;
    for (const c of v.copies) yield `      ${c.destination}: ${displayPath(c.location)}${c.failed ? `  FAILED its last check: ${c.failed}` : ''}`;
  }
}
