import { formatBytes, formatDuration } from '../../src/format/formatBytes';
import type { ReportDocument, ReportSection } from '../../src/reports/reportDocument';
import type { Catalog } from '../catalog/catalog';
import type { JobItemRow } from '../catalog/reportStore';
import { UserError } from '../errors';

const FILE_COLUMNS = ['File', 'Size (bytes)', 'xxh64', 'Destination', 'Location', 'Verification', 'State', 'Reason'] as const;

/** The job a report is asked of: a number, or `last` (the newest job that has ended). */
export function resolveJobId(catalog: Catalog, which: string): number {
  if (which === 'last') {
    const id = catalog.reports.lastFinishedJobId();
    if (id === undefined) throw new UserError('no job has finished yet: protect something first');
    return id;
  }
  const id = Number(which);
  if (!/^\d+$/.test(which) || !Number.isSafeInteger(id)) throw new UserError(`${which}: give a job number (threefold jobs lists them) or "last"`);
  if (catalog.reports.job(id) === undefined) throw new UserError(`there is no job ${id} in this catalog (threefold jobs lists them)`);
  return id;
}

/** One job's report: what it read, what it wrote where, each destination's verification and generation, failures, times. */
export function jobReportDocument(catalog: Catalog, jobId: number, now: Date = new Date()): ReportDocument {
  const job = catalog.reports.job(jobId);
  if (job === undefined) throw new UserError(`there is no job ${jobId} in this catalog`);
  const targets = JSON.parse(job.targets) as string[];
  const seconds = job.finishedAt === null ? null : (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
  const read = catalog.reports.sourcesRead(jobId);
  const destinations = catalog.reports.destinationTotals(jobId);
  const written = destinations.reduce((sum, d) => sum + d.bytes, 0);
  const failures = catalog.reports.failureCount(jobId);
  const items = catalog.reports.itemCount(jobId);
  const rowsOf = (only?: 'failed') => () => mapRows(catalog.reports.items(jobId, only), (row) => fileRow(job.kind, row));
  const sections: ReportSection[] = [
    {
      id: 'destinations',
      title: 'Destinations',
      notes: [
        'A local copy read back from the medium was read past the page cache and hashed equal to the source; one read from the cache only was hashed from what the system kept in memory. A cloud copy is checked as sent: the bytes sent hashed, size and hash confirmed by the store.',
      ],
      table: {
        columns: ['Destination', 'Media', 'Offsite', 'Copies', 'Bytes', 'From the medium', 'From the cache only', 'Failures', 'ASC MHL generation'],
        count: destinations.length,
        rows: () =>
          destinations.map((d) => [
            d.destination,
            d.media,
            d.offsite ? 'yes' : 'no',
            String(d.files),
            formatBytes(d.bytes),
            d.kind === 'local' ? String(d.fromMedium) : '-',
            d.kind === 'local' ? String(d.fromCache) : '-',
            String(d.failures),
            d.generations.join(', ') || 'none',
          ]),
      },
    },
    {
      id: 'failures',
      title: `Failures (${failures})`,
      ...(failures === 0 ? { notes: ['None.'] } : {}),
      table: { columns: FILE_COLUMNS, count: failures, rows: rowsOf('failed') },
    },
    {
      id: 'files',
      title: `Every file (${items} ${items === 1 ? 'entry' : 'entries'}: one per file and destination)`,
      notes: olderJobNote(catalog, jobId, job.kind),
      table: { columns: FILE_COLUMNS, count: items, rows: rowsOf(), group: { shared: [1, 2], each: [3, 5, 7] } },
    },
  ];
  const drill = job.kind === 'drill' ? catalog.reports.drillOfJob(jobId) : undefined;
  if (drill !== undefined) {
    sections.unshift({
      id: 'drill',
      title: 'Drill',
      notes: ['A random sample of verified copies, each restored into a temporary folder, read back and hashed against the catalog; the folder was removed.'],
      facts: [
        { label: 'Sampled', value: `${drill.files} files, ${formatBytes(drill.bytes)}` },
        { label: 'Failed', value: String(drill.failures) },
        ...catalog.reports.drillDestinations(drill.id).map((d) => ({
          label: d.destination,
          value: `${d.files - d.failures} of ${d.files} restored and verified, ${formatBytes(d.bytes)}`,
        })),
      ],
    });
  }
  return {
    kind: 'job',
    title: `Threefold ${job.kind} report: job ${job.id}`,
    generatedAt: now.toISOString(),
    facts: [
      { label: 'Job', value: `${job.id} (${job.kind})` },
      { label: 'State', value: job.state },
      { label: 'Targets', value: targets.join('\n') || 'everything' },
      { label: 'Started', value: job.startedAt },
      { label: 'Finished', value: job.finishedAt ?? 'not finished' },
      { label: 'Duration', value: seconds === null ? '-' : formatDuration(seconds) },
      { label: 'Read', value: `${read.files} files, ${formatBytes(read.bytes)}` },
      { label: 'Written', value: `${destinations.reduce((sum, d) => sum + d.files, 0)} copies, ${formatBytes(written)}` },
      { label: 'Throughput', value: seconds === null || seconds <= 0 ? '-' : `${formatBytes(read.bytes / seconds)}/s read` },
      { label: 'Failures', value: String(failures) },
    ],
    sections,
    csvSection: 'files',
  };
}

function fileRow(kind: string, [path, destination, destinationKind, state, bytes, xxh64, location, readBack, error]: JobItemRow): string[] {
  return [path, String(bytes), xxh64 ?? '', destination ?? '', location ?? '', verification(kind, state, destinationKind, readBack), state, error ?? ''];
}

function verification(kind: string, state: 'done' | 'failed', destinationKind: string | null, readBack: 'medium' | 'cache' | null): string {
  if (state === 'failed') return 'failed';
  if (kind === 'drill') return 'restored, read back and hashed equal';
  if (readBack === 'medium') return 'read back from the medium';
  if (readBack === 'cache') return 'read back from the cache only';
  if (destinationKind !== null && destinationKind !== 'local') return 'checked as sent';
  return 'not recorded';
}

/** Jobs recorded before reports kept only each copy's path, destination and size. */
function olderJobNote(catalog: Catalog, jobId: number, kind: string): string[] {
  const notes: string[] = [];
  if (kind === 'verify') notes.push('A verify lists the copies that failed; those that passed renewed their date in the catalog.');
  if (kind === 'protect' && catalog.reports.unhashedCopies(jobId) > 0) {
    notes.push('This job was recorded before reports: its copies have no hash, location or read-back here (the status of its files has them).');
  }
  return notes;
}

function* mapRows<T>(rows: Iterable<T>, map: (row: T) => string[]): Generator<string[]> {
  for (const row of rows) yield map(row);
}
