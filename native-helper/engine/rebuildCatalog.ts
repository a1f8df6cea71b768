import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { formatBytes } from '../../src/format/formatBytes';
import { catalogSnapshotKey, isHomeId, STATE_FOLDER, snapshotGenerations, stampDate, stateFolder } from '../../src/paths/stateSnapshots';
import { Catalog } from '../catalog/catalog';
import { checkCatalogSnapshot, type MergeCounts, type ProvenCopy } from '../catalog/rebuild';
import { selectDestinations, type DestinationConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { destinationUrl, openDestination } from '../destinations/openDestinations';
import { UserError } from '../errors';
import { BufferPool } from '../fsutil/bufferPool';
import { HISTORY_FOLDER } from '../mhl/history';
import type { MhlEntry } from '../mhl/manifest';
import { readGeneration } from '../mhl/readGeneration';
import { SqliteDatabase } from '../sqlite/sqliteDatabase';
import { OWNERS_FOLDER } from './keyClaims';
import { type JobEnding, runJob } from './jobLifecycle';
import { runPool } from './runPool';
import type { Workspace } from './workspace';

export interface RebuildRequest {
  /** The configured destination to learn from. */
  from: string;
  /** The home whose records to read, when the destination holds several. */
  home?: string;
  /** Reads the ASC MHL history and key owners records only, not the snapshot. */
  historyOnly?: boolean;
  /** Stops before the next merge; what was merged stays (it is proven either way). */
  signal?: AbortSignal;
  /** The catalog row of a job queued earlier (the helper's queue); a new row otherwise. */
  queuedJobId?: number;
}

export interface RebuildReport {
  /** The `rebuild` job's catalog row, and how it ended (failed when there are warnings). */
  job: { id: number; state: JobEnding };
  destination: string;
  home: string;
  /** Whether the local catalog recorded no file before: a rebuild into an empty catalog. */
  catalogWasEmpty: boolean;
  /** The snapshot merged, if one was. */
  snapshot: { key: string; takenAt: string; added: MergeCounts } | null;
  /** What the ASC MHL history proved, when it was read (no usable snapshot, or one older than the newest generation). */
  history: {
    generations: number;
    /** Copies of this home's sources proven (manifest entry, owners record, object of that size and hash there). */
    proven: number;
    added: { assets: number; copies: number };
    /** Proven copies not added: the local catalog records other content for that source, or another source owns the key. */
    differing: number;
    /** Keys of this home's records that are not there, or not as the manifest says, or whose last check failed. */
    unproven: number;
  } | null;
  /** Destinations the snapshot records copies on that are not configured here: their copies were not added. */
  notConfigured: Array<{ name: string; location: string; copies: number }>;
  warnings: string[];
  seconds: number;
}

/** A decompressed snapshot larger than this is not read: a catalog of a million files is under 1 GB. */
const SNAPSHOT_MAX_BYTES = 8 * 1024 * 1024 * 1024;
/** Objects looked at once (a HEAD each on a cloud store). */
const LOOKS_AT_ONCE = 32;
const GENERATION_NAME = /^(\d{4,})_.*_(\d{4}-\d{2}-\d{2})_(\d{2})(\d{2})(\d{2})Z\.mhl$/;

/**
 * Learns from a destination what another home (or this one, before its workstation was lost) recorded: its
 * newest usable catalog snapshot, then, when there is none or it is older than the newest ASC MHL
 * generation, the history and the key owners record. Adds only what the local catalog lacks.
 */
export async function rebuildCatalog(ws: Workspace, request: RebuildRequest): Promise<RebuildReport> {
  const started = performance.now();
  const config = rebuildSource(ws.config.destinations, request.from);
  const start = { kind: 'rebuild' as const, targets: [request.from], queuedJobId: request.queuedJobId, signal: request.signal };
  const ran = await runJob(
    ws.catalog,
    start,
    () => learnFrom(ws, config, request),
    (report) => ({ files: (report.snapshot?.added.copies ?? 0) + (report.history?.added.copies ?? 0), bytes: 0, failed: report.warnings.length > 0 }),
  );
  return { job: { id: ran.id, state: ran.state }, ...ran.result, seconds: (performance.now() - started) / 1000 };
}

/** The rebuild's body: the homes on the destination, then its snapshot or its history merged. */
async function learnFrom(ws: Workspace, config: DestinationConfig, request: RebuildRequest): Promise<Omit<RebuildReport, 'job'>> {
  const destination = openDestination(config, new BufferPool(64 * 1024, 1), ws.catalog);
  try {
    const homes = await homesOn(destination);
    const home = chooseHome(homes, request.home, destination);
    const localId = ws.catalog.destinations.id({
      url: destinationUrl(config),
      name: config.name,
      kind: config.kind,
      media: config.media,
      offsite: config.offsite,
    });
    const report: Omit<RebuildReport, 'job'> = {
      destination: config.name,
      home,
      catalogWasEmpty: !ws.catalog.assets.any({ kind: 'all' }),
      snapshot: null,
      history: null,
      notConfigured: [],
      warnings: [],
      seconds: 0,
    };
    const generations = await historyGenerations(destination);
    if (!request.historyOnly && !request.signal?.aborted) await mergeNewestSnapshot(ws, destination, home, homes.get(home)!.snapshots, report);
    const newestGeneration = generations.at(-1)?.date;
    const snapshotCovers = report.snapshot !== null && (newestGeneration === undefined || new Date(report.snapshot.takenAt) >= newestGeneration);
    if (!snapshotCovers && !request.signal?.aborted) await mergeHistory(ws, destination, localId, home, generations, report, request.signal);
    return report;
  } finally {
    destination.close();
  }
}

/** The destination a rebuild learns from: it must be configured here first. */
export function rebuildSource(destinations: readonly DestinationConfig[], name: string): DestinationConfig {
  const config = destinations.find((d) => d.name === name);
  if (config !== undefined) return config;
  throw new UserError(
    `no destination is named "${name}" here (configured: ${destinations.map((d) => d.name).join(', ') || 'none'}); add it first with \`threefold dest add ${name} WHERE\``,
  );
}

/**
 * What `dest add` says of a destination that holds other homes' records: those homes, with the host each
 * last wrote from. Nothing when they cannot be read (the add itself has succeeded).
 */
export async function otherHomesOn(ws: Workspace, name: string): Promise<Array<{ id: string; host?: string }>> {
  const [config] = selectDestinations(ws.config.destinations, [name]);
  const destination = openDestination(config!, new BufferPool(64 * 1024, 1), ws.catalog);
  try {
    const own = ws.catalog.homeId();
    return [...(await homesOn(destination)).values()].filter((h) => h.id !== own).map((h) => ({ id: h.id, ...(h.host ? { host: h.host } : {}) }));
  } catch {
    return [];
  } finally {
    destination.close();
  }
}

interface HomeRecords {
  id: string;
  snapshots: string[];
  host?: string;
}

/** The homes that left records on the destination: snapshots under `.threefold/state/`, key owners under `.threefold/owners/`. */
async function homesOn(destination: Destination): Promise<Map<string, HomeRecords>> {
  const homes = new Map<string, HomeRecords>();
  let stateNames: string[];
  let ownerNames: string[];
  try {
    stateNames = await destination.names(STATE_FOLDER);
    ownerNames = await destination.names(OWNERS_FOLDER);
  } catch (error) {
    throw new UserError(`cannot read ${destination.info.name}: ${(error as Error).message}`);
  }
  for (const id of stateNames.filter(isHomeId)) {
    homes.set(id, { id, snapshots: snapshotGenerations(await destination.names(stateFolder(id))) });
  }
  for (const file of ownerNames) {
    const id = /^([0-9a-f]{32})\.json$/.exec(file)?.[1];
    if (id === undefined) continue;
    const record = homes.get(id) ?? { id, snapshots: [] };
    homes.set(id, record);
    const owners = await readOwners(destination, id).catch(() => undefined);
    if (owners?.host !== undefined) record.host = owners.host;
  }
  return homes;
}

function chooseHome(homes: Map<string, HomeRecords>, asked: string | undefined, destination: Destination): string {
  const listing = (): string =>
    [...homes.values()]
      .map((h) => {
        const newest = h.snapshots[0] === undefined ? 'no snapshot' : `newest snapshot ${stampDate(h.snapshots[0])!.toISOString()}`;
        return `  ${h.id}${h.host ? ` (on ${h.host})` : ''}: ${newest}`;
      })
      .join('\n');
  if (asked !== undefined) {
    if (homes.has(asked)) return asked;
    throw new UserError(`${destination.info.name} holds no records of the home ${asked}; it holds:\n${listing() || '  none'}`);
  }
  if (homes.size === 1) return [...homes.keys()][0]!;
  if (homes.size === 0) {
    throw new UserError(
      `${destination.info.name} (${destination.locate('')}) holds no Threefold records (no .threefold/state or .threefold/owners): nothing to rebuild from`,
    );
  }
  throw new UserError(`${destination.info.name} holds the records of ${homes.size} Threefold homes; choose one with --home-id ID:\n${listing()}`);
}

/** The generations of the destination's ASC MHL history, oldest first, with the date their names give. */
async function historyGenerations(destination: Destination): Promise<Array<{ key: string; sequence: number; date: Date }>> {
  const found: Array<{ key: string; sequence: number; date: Date }> = [];
  for (const name of await destination.names(HISTORY_FOLDER)) {
    const m = GENERATION_NAME.exec(name);
    if (!m) continue;
    const date = new Date(`${m[2]}T${m[3]}:${m[4]}:${m[5]}Z`);
    if (!Number.isNaN(date.getTime())) found.push({ key: `${HISTORY_FOLDER}/${name}`, sequence: Number(m[1]), date });
  }
  return found.sort((a, b) => a.sequence - b.sequence);
}

/**
 * The newest snapshot of the home that passes its checks, merged (`stamps`: its generations as homesOn
 * listed them, newest first). A damaged one is said and the previous generation tried; one of a newer schema stops the rebuild (update Threefold, or read the history alone).
 */
async function mergeNewestSnapshot(
  ws: Workspace,
  destination: Destination,
  home: string,
  stamps: readonly string[],
  report: Omit<RebuildReport, 'job'>,
): Promise<void> {
  if (stamps.length === 0) {
    report.warnings.push(`${destination.info.name} holds no catalog snapshot of ${home}: its ASC MHL history is read instead`);
    return;
  }
  const folder = await fsp.mkdtemp(path.join(os.tmpdir(), 'threefold-rebuild-'));
  try {
    for (const stamp of stamps) {
      const key = catalogSnapshotKey(home, stamp);
      const file = path.join(folder, `${stamp}.sqlite`);
      let problem: string | undefined;
      try {
        await download(destination, key, file);
      } catch (error) {
        problem = `it could not be read whole (${(error as Error).message})`;
      }
      const check = problem === undefined ? checkCatalogSnapshot(file) : { ok: false as const, newer: false, reason: problem };
      if (!check.ok) {
        if (check.newer) {
          throw new UserError(
            `the catalog snapshot ${destination.locate(key)} cannot be used: ${check.reason}; update Threefold, or rebuild from the ASC MHL history alone with --history-only`,
          );
        }
        report.warnings.push(`the catalog snapshot ${destination.locate(key)} was not used: ${check.reason}`);
        await fsp.rm(file, { force: true });
        continue;
      }
      // Brought to this build's schema in its temporary file, then merged.
      Catalog.open(file).close();
      const { mapping, notConfigured } = destinationMapping(ws, file);
      report.notConfigured = notConfigured;
      const added = ws.catalog.rebuild.mergeSnapshot(file, mapping);
      report.snapshot = { key: destination.locate(key), takenAt: stampDate(stamp)!.toISOString(), added };
      return;
    }
  } finally {
    await fsp.rm(folder, { recursive: true, force: true });
  }
}

/** The snapshot's bytes, decompressed into `file`, within SNAPSHOT_MAX_BYTES. */
async function download(destination: Destination, key: string, file: string): Promise<void> {
  let bytes = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.byteLength;
      done(bytes > SNAPSHOT_MAX_BYTES ? new Error(`it decompresses to more than ${formatBytes(SNAPSHOT_MAX_BYTES)}`) : null, chunk);
    },
  });
  await pipeline(Readable.from(destination.readChunks(key)), zlib.createGunzip(), bounded, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
}

/** Which of the snapshot's destinations are configured here (same URL), and what is recorded on the others. */
function destinationMapping(ws: Workspace, file: string): { mapping: Map<number, number>; notConfigured: RebuildReport['notConfigured'] } {
  const byUrl = new Map<string, DestinationConfig>(ws.config.destinations.map((d) => [destinationUrl(d), d]));
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT d.id, d.url, d.name, (SELECT count(*) FROM copies c WHERE c.destination_id = d.id) AS copies FROM destinations d`)
      .all() as Array<{ id: number; url: string; name: string; copies: number }>;
    const mapping = new Map<number, number>();
    const notConfigured: RebuildReport['notConfigured'] = [];
    for (const row of rows) {
      const config = byUrl.get(row.url);
      if (config === undefined) {
        if (row.copies > 0) notConfigured.push({ name: row.name, location: row.url, copies: row.copies });
        continue;
      }
      mapping.set(row.id, ws.catalog.destinations.id({ url: row.url, name: config.name, kind: config.kind, media: config.media, offsite: config.offsite }));
    }
    return { mapping, notConfigured };
  } finally {
    db.close();
  }
}

interface OwnersRecord {
  host?: string;
  keys: Array<[string, string]>;
}

async function readOwners(destination: Destination, home: string): Promise<OwnersRecord | undefined> {
  const key = `${OWNERS_FOLDER}/${home}.json`;
  const data = await destination.getSmall(key);
  if (data === undefined) return undefined;
  const record = JSON.parse(data.toString('utf8')) as { host?: unknown; keys?: unknown };
  if (!Array.isArray(record.keys)) throw new Error(`${destination.locate(key)} is not a key owners record (it has no list of keys)`);
  const keys = record.keys.filter((k): k is [string, string] => Array.isArray(k) && typeof k[0] === 'string' && typeof k[1] === 'string');
  return { keys, ...(typeof record.host === 'string' ? { host: record.host } : {}) };
}

/**
 * The copies the destination's own records prove for the home: the key owners record gives each key's
 * source, the newest manifest entry of the key its size and hash (`original` or `verified`: bytes read back
 * and hashed when written or checked), and the object there now has that size (and, on a cloud store, that
 * hash in its metadata). Recorded as verified when the manifest says, never as verified now.
 */
async function mergeHistory(
  ws: Workspace,
  destination: Destination,
  localId: number,
  home: string,
  generations: ReadonlyArray<{ key: string }>,
  report: Omit<RebuildReport, 'job'>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let owners: OwnersRecord | undefined;
  try {
    owners = await readOwners(destination, home);
  } catch (error) {
    report.warnings.push(`the key owners record of ${home} could not be read: ${(error as Error).message}`);
  }
  const history: NonNullable<RebuildReport['history']> = { generations: 0, proven: 0, added: { assets: 0, copies: 0 }, differing: 0, unproven: 0 };
  report.history = history;
  if (owners === undefined) {
    report.warnings.push(`${destination.info.name} holds no key owners record of ${home}: no copy there can be tied to its source`);
    return;
  }
  const sourceOf = new Map(owners.keys);
  const newest = new Map<string, MhlEntry>();
  for (const generation of generations) {
    if (signal?.aborted) return;
    try {
      await readGeneration(
        destination.readChunks(generation.key),
        (entry) => {
          if (sourceOf.has(entry.path)) newest.set(entry.path, entry);
        },
        destination.locate(generation.key),
      );
      history.generations += 1;
    } catch (error) {
      report.warnings.push(`${(error as Error).message}; the other generations were read`);
    }
  }
  const proven: ProvenCopy[] = [];
  const keys = [...sourceOf.keys()];
  await runPool(keys, LOOKS_AT_ONCE, async (key) => {
    if (signal?.aborted) return;
    const entry = newest.get(key);
    if (entry === undefined || entry.action === 'failed') {
      history.unproven += 1;
      return;
    }
    const stored = await destination.stat(key).catch(() => undefined);
    if (stored === undefined || stored.size !== entry.size || (stored.xxh64 !== undefined && stored.xxh64 !== entry.xxh64)) {
      history.unproven += 1;
      return;
    }
    // A local copy and a cloud object's metadata carry the source's mtime to the millisecond; the manifest, to the second.
    const mtimeMs = Math.abs(stored.mtimeMs - entry.mtimeMs) < 1000 ? stored.mtimeMs : entry.mtimeMs;
    proven.push({
      sourcePath: sourceOf.get(key)!,
      destinationId: localId,
      key,
      location: destination.locate(key),
      size: entry.size,
      mtimeMs,
      xxh64: entry.xxh64,
      hashedAt: entry.hashDate.toISOString(),
      etag: stored.etag ?? null,
    });
  });
  if (signal?.aborted) return;
  history.proven = proven.length;
  const merged = ws.catalog.rebuild.mergeProvenCopies(proven);
  history.added = { assets: merged.assets, copies: merged.copies };
  history.differing = merged.differing;
}
