import type { Command } from 'commander';
import { REPORT_FORMATS, type ReportDocument, type ReportFormat } from '../../../src/reports/reportDocument';
import { openWorkspace } from '../../engine/workspace';
import { UserError } from '../../errors';
import { certificateDocument } from '../../reports/certificateDocument';
import { jobReportDocument, resolveJobId } from '../../reports/jobReportDocument';
import { certificateFile, jobReportFile, reportSettings } from '../../reports/reportFiles';
import { saveReport, writeReport } from '../../reports/writeReport';
import { displayPath } from '../render/displayPath';
import { absoluteTargets, type GlobalOptions } from './options';

interface ReportOptions {
  project?: string[];
  all?: boolean;
  format?: string;
  out?: string;
}

export function registerReport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('report')
    .argument('[job]', 'a job number (threefold jobs lists them) or "last"')
    .description("write a report a client can be handed: one job's, or the 3-2-1 certificate of a project, catalog or folder")
    .option('--project <target...>', 'the 3-2-1 certificate of these projects, catalogs or folders')
    .option('--all', 'the 3-2-1 certificate of every file the catalog knows')
    .option('--format <format>', `${REPORT_FORMATS.join(', ')} (default: from --out's extension, else html)`)
    .option('--out <file>', 'where to write it ("-" for the standard output; default: the reports folder)')
    .action(async (job: string | undefined, options: ReportOptions) => {
      const certificate = options.project !== undefined || options.all === true;
      if (certificate === (job !== undefined)) throw new UserError('give a job number or "last", or --project TARGET (or --all) for a certificate');
      const format = reportFormat(options);
      const ws = await openWorkspace(globals().home);
      let dispose = (): void => undefined;
      try {
        const now = new Date();
        let report: ReportDocument;
        let file: string;
        const { folder } = reportSettings(ws.config, ws.home);
        if (certificate) {
          const targets = absoluteTargets(options.project ?? []);
          ({ report, dispose } = await certificateDocument(ws.config, ws.catalog, targets, {}, now));
          file = certificateFile(folder, report.title.replace(/^3-2-1 certificate: /, ''), now, format);
        } else {
          const id = resolveJobId(ws.catalog, job!);
          report = jobReportDocument(ws.catalog, id, now);
          file = jobReportFile(folder, id, format);
        }
        if (options.out === '-') {
          await writeReport(report, format, process.stdout);
          return;
        }
        const out = options.out === undefined ? file : absoluteTargets([options.out])[0]!;
        await saveReport(report, format, out);
        process.stdout.write(`${displayPath(out)}\n`);
      } finally {
        dispose();
        ws.catalog.close();
      }
    });
}

function reportFormat(options: ReportOptions): ReportFormat {
  const named =
    options.format ?? (options.out === undefined || options.out === '-' ? 'html' : (/\.([a-z]+)$/i.exec(options.out)?.[1]?.toLowerCase() ?? 'html'));
  const format = REPORT_FORMATS.find((f) => f === named);
  if (format === undefined) throw new UserError(`--format ${named}: give one of ${REPORT_FORMATS.join(', ')}`);
  return format;
}
