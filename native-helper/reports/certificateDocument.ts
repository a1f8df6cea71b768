import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../../src/format/formatBytes';
import { ASSET_STATES } from '../../src/policy/assetState';
import { summarize } from '../../src/policy/summarize';
import type { ReportDocument } from '../../src/reports/reportDocument';
import type { Catalog } from '../catalog/catalog';
import { localDestinationFolders, type ThreefoldConfig } from '../config/config';
import { destinationUrl } from '../destinations/openDestinations';
import { type AssetStatus, drillStatus, forEachAssetStatus, statusHeader, unreachableDestinations } from '../engine/status';
import type { ReadOptions } from '../readers/readProject';
import { selectTargets } from '../targets/selectTargets';
import { RowSpool } from './rowSpool';

const COLUMNS = ['File', 'Size (bytes)', 'xxh64', 'State', '3-2-1', 'Copies', 'Problem'] as const;

/** A report whose rows are spooled to a private temporary folder: `dispose` removes it once the report is written. */
export interface SpooledReport {
  report: ReportDocument;
  dispose(): void;
}

/**
 * The 3-2-1 certificate of targets (a project, a catalog, a folder; everything the catalog knows without any):
 * every file's state and copies, as `status` assesses them, with the policy, totals by state, and what is at risk.
 * One pass over the status makes the totals and spools the rows (`RowSpool`), which every rendering reads back:
 * the totals and the rows are of the same moment, and memory does not grow with the number of files.
 */
export async function certificateDocument(
  config: ThreefoldConfig,
  catalog: Catalog,
  targets: readonly string[],
  options: ReadOptions = {},
  now: Date = new Date(),
): Promise<SpooledReport> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threefold-certificate-'));
  const rows = RowSpool.create(folder, 'files.jsonl');
  const atRisk = RowSpool.create(folder, 'at-risk.jsonl');
  const dispose = (): void => {
    rows.close();
    atRisk.close();
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    return { report: await buildCertificate(config, catalog, targets, options, now, rows, atRisk), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

async function buildCertificate(
  config: ThreefoldConfig,
  catalog: Catalog,
  targets: readonly string[],
  options: ReadOptions,
  now: Date,
  rows: RowSpool,
  atRisk: RowSpool,
): Promise<ReportDocument> {
  const selection = targets.length > 0 ? await selectTargets(targets, localDestinationFolders(config.destinations), options) : null;
  const header = statusHeader(config, selection);
  const drills = drillStatus(config, catalog);
  const mediaOf = new Map(config.destinations.map((d) => [d.name, `${d.media}, ${d.offsite ? 'offsite' : 'onsite'}`]));
  const lastDrillOf = new Map(catalog.drills.lastByDestination().map((d) => [d.destinationUrl, `${d.at}${d.passed ? '' : ' (failed)'}`]));
  const drillByName = new Map(config.destinations.map((d) => [d.name, lastDrillOf.get(destinationUrl(d)) ?? 'never']));
  const sizes: Array<Pick<AssetStatus, 'state' | 'size'>> = [];
  await forEachAssetStatus(config, catalog, selection, (s) => {
    sizes.push({ state: s.state, size: s.size });
    const copies = s.locations
      .map(
        (l) =>
          `${l.destination} (${mediaOf.get(l.destination) ?? '?'}): ${l.location}; verified ${l.verifiedAt}${l.readBack ? ` from the ${l.readBack}` : ''}; last drill ${drillByName.get(l.destination) ?? 'never'}`,
      )
      .join('\n');
    rows.append([s.path, String(s.size), s.xxh64 ?? '', s.state, s.label, copies, s.problem ?? s.busy ?? '']);
    if (s.state !== 'protected') atRisk.append([s.path, s.state, [s.label, s.problem, s.busy].filter(Boolean).join('; ')]);
  });
  const summary = summarize(sizes);
  const unreachable = unreachableDestinations(config, catalog);
  const name = header.projects[0]?.name ?? (targets.length > 0 ? targets.join(', ') : 'every file in the catalog');
  return {
    kind: 'certificate',
    title: `3-2-1 certificate: ${name}`,
    generatedAt: now.toISOString(),
    facts: [
      { label: 'Targets', value: targets.join('\n') || 'every file in the catalog' },
      { label: 'Policy', value: `${config.policy.copies} verified copies, on ${config.policy.media} kinds of media, ${config.policy.offsite} offsite` },
      { label: 'Files', value: `${summary.assets}, ${formatBytes(summary.bytes)}` },
      {
        label: 'Verdict',
        value: summary.protected === summary.assets ? `every file is 3-2-1` : `${summary.assets - summary.protected} of ${summary.assets} files are at risk`,
      },
    ],
    sections: [
      {
        id: 'summary',
        title: 'Totals by state',
        facts: ASSET_STATES.map((state) => ({ label: state, value: String(summary[state]) })),
        notes: header.warnings,
      },
      {
        id: 'destinations',
        title: 'Destinations',
        table: {
          columns: ['Destination', 'Media', 'Offsite', 'Last drill', 'Reachable'],
          count: config.destinations.length,
          rows: () =>
            config.destinations.map((d) => {
              const down = unreachable.find((u) => u.destination === d.name);
              return [d.name, d.media, d.offsite ? 'yes' : 'no', drillByName.get(d.name) ?? 'never', down ? `not since ${down.since}` : 'yes'];
            }),
        },
        notes: (drills.drillsDue ?? []).map((d) => `${d.destination}: a restore drill is due (${d.reason})`),
      },
      {
        id: 'at-risk',
        title: `At risk (${atRisk.count})`,
        ...(atRisk.count === 0 ? { notes: ['Nothing: every file has the copies the policy asks for.'] } : {}),
        table: { columns: ['File', 'State', 'Why'], count: atRisk.count, rows: () => atRisk.rows() },
      },
      { id: 'files', title: `Every file (${rows.count})`, table: { columns: COLUMNS, count: rows.count, rows: () => rows.rows() } },
    ],
    csvSection: 'files',
  };
}
