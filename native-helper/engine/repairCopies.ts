import fs from 'node:fs/promises';
import path from 'node:path';
import { orderCandidates } from '../../src/restore/candidates';
import type { AssetRow } from '../catalog/assetStore';
import type { CopyRow } from '../catalog/copyStore';
import { destinationWhere, type DestinationConfig } from '../config/config';
import type { Destination, ObjectWriter, SourceAccess } from '../destinations/destination';
import { destinationUrl, openDestination } from '../destinations/openDestinations';
import { describeFsError } from '../errors';
import type { BufferPool } from '../fsutil/bufferPool';
import { readChunks } from '../fsutil/readChunks';
import { hashFile } from '../hash/hashFile';
import { writeHashed } from '../hash/writeHashed';
import { appendGeneration, historyRootName } from '../mhl/history';
import type { MhlEntry } from '../mhl/manifest';
import { type Reach, reachDestination } from './reachDestination';
import type { VerifyFailure } from './verify';
import type { Workspace } from './workspace';

/** A copy that failed its check and was written again from a good one. */
export interface RepairedCopy {
  path: string;
  destination: string;
  location: string;
  /** What was wrong with it. */
  error: string;
  /** Where the good bytes came from: a destination's name, or `source`. */
  from: string;
}

/**
 * How one rewrite ended: `wrong` (the bytes read are not the recorded ones), `unread` (they could not be read:
 * that says nothing of them) or `target` (the destination refused: another source would meet it too).
 */
type RewriteOutcome =
  | { ok: true; location: string; etag: string | undefined; readBack: 'medium' | 'cache' | null }
  | { ok: false; fault: 'wrong' | 'unread' | 'target'; error: string };

/**
 * Rewrites copies that failed verification, each at its own key (Threefold's: it owns it), from another
 * verified copy of the same content (local ones first) or from the source once it hashes to the recorded
 * xxh64: through the destination's own writer (write, seal, verify, commit), so a local copy is read back from
 * its medium and a cloud object is checked as it was sent. What a repair wrote is recorded verified and kept
 * for the destination's ASC MHL (`original`: bytes new on that medium).
 */
export class CopyRepairs {
  /** ASC MHL entries of the rewritten copies, by destination URL. */
  readonly manifests = new Map<string, MhlEntry[]>();
  private readonly opened = new Map<string, { destination: Destination; reach?: Promise<Reach> }>();
  private readonly configs: Map<string, DestinationConfig>;

  constructor(
    private readonly ws: Workspace,
    private readonly pool: BufferPool,
    /** Destinations the verify opened and reached, by URL. */
    reached: ReadonlyMap<string, Destination>,
    /** Copies found bad in this run: never read as a repair's source. */
    private readonly bad: ReadonlySet<number>,
  ) {
    this.configs = new Map(ws.config.destinations.map((d) => [destinationUrl(d), d]));
    for (const [url, destination] of reached) this.opened.set(url, { destination, reach: Promise.resolve({ ok: true as const }) });
  }

  /** Rewrites one failed copy; the error says why it could not be, with each source tried. */
  async repair(copy: CopyRow, asset: AssetRow, target: Destination): Promise<{ ok: true; from: string } | { ok: false; error: string }> {
    if (copy.xxh64 !== asset.xxh64 || copy.size !== asset.size)
      return { ok: false, error: 'it holds an earlier content of its source: `protect` copies the current one' };
    const tried: string[] = [];
    const access = await this.accessFor(asset);
    for (const good of this.goodCopies(copy, asset)) {
      const opened = this.open(good.destinationUrl);
      const reach = await this.reach(good.destinationUrl);
      if (!reach.ok) {
        tried.push(`${good.destination}: ${reach.error}`);
        continue;
      }
      const outcome = await this.rewrite(opened.destination.readChunks(good.key), copy, asset, target, access);
      if (outcome.ok) return this.recorded(copy, asset, outcome, good.destination);
      if (outcome.fault === 'target') return { ok: false, error: outcome.error };
      let error = outcome.error;
      if (outcome.fault === 'wrong') {
        // The good copy is not: it no longer counts either.
        this.ws.catalog.copies.recordCheck(good.id, { ok: false, error });
        error = `${error}; that copy is marked failed`;
      }
      tried.push(`${good.destination} (${good.location}): ${error}`);
    }
    const fromSource = await this.fromSource(copy, asset, target, access);
    if ('ok' in fromSource) {
      if (fromSource.ok) return this.recorded(copy, asset, fromSource, 'source');
      if (fromSource.fault === 'target') return { ok: false, error: fromSource.error };
      tried.push(`source: ${fromSource.error}`);
    } else tried.push(`source: ${fromSource.why}`);
    return { ok: false, error: `no good copy to rewrite it from (${tried.join('; ')})` };
  }

  close(reached: ReadonlyMap<string, Destination>): void {
    for (const [url, { destination }] of this.opened) if (!reached.has(url)) destination.close();
  }

  /** Other verified copies of the same content on configured destinations, local ones first. */
  private goodCopies(copy: CopyRow, asset: AssetRow): Array<CopyRow & { destination: string }> {
    const preference = this.ws.config.destinations.map((d) => d.name);
    const candidates = this.ws.catalog.copies
      .forRestore({ kind: 'file', path: asset.path })
      .filter((c) => c.id !== copy.id && !this.bad.has(c.id) && c.xxh64 === copy.xxh64 && c.size === copy.size && this.configs.has(c.destinationUrl))
      .map((c) => ({
        ...c,
        destination: this.configs.get(c.destinationUrl)!.name,
        local: this.open(c.destinationUrl).destination.capabilities.readBack,
        status: c.status,
        absent: c.absent === 1,
        current: true,
      }));
    return orderCandidates(candidates, { preference });
  }

  /** The source, when it still holds the recorded content: hashed first, then read again for the rewrite. */
  private async fromSource(copy: CopyRow, asset: AssetRow, target: Destination, access: SourceAccess | undefined): Promise<RewriteOutcome | { why: string }> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(asset.path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch (error) {
      return { why: `cannot read it: ${describeFsError(error)}` };
    }
    try {
      const st = await handle.stat();
      if (!st.isFile() || st.size !== asset.size) return { why: 'it changed since it was protected' };
      const { xxh64 } = await hashFile(handle.fd);
      if (xxh64 !== asset.xxh64) return { why: `it no longer has the recorded content (xxh64 ${xxh64}, recorded ${asset.xxh64})` };
      return await this.rewrite(readChunks(handle.fd, this.pool, st.size), copy, asset, target, access);
    } catch (error) {
      return { why: `cannot read it: ${describeFsError(error)}` };
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * Writes `chunks` at the copy's key through the destination's writer, hashing them on the way: only bytes
   * that hash to the recorded xxh64 are sealed, verified by the destination and committed over the bad copy.
   */
  private async rewrite(
    chunks: AsyncIterable<Uint8Array>,
    copy: CopyRow,
    asset: AssetRow,
    target: Destination,
    access: SourceAccess | undefined,
  ): Promise<RewriteOutcome> {
    let writer: ObjectWriter;
    try {
      writer = await target.createWriter(copy.key, { size: copy.size, mtimeMs: asset.mtimeMs, xxh64: copy.xxh64, ...(access ? { access } : {}) });
    } catch (error) {
      return { ok: false, fault: 'target', error: describeFsError(error) };
    }
    try {
      const written = await writeHashed(chunks, (chunk) => writer.write(chunk), copy.size);
      if (!written.ok) {
        return written.side === 'write'
          ? { ok: false, fault: 'target', error: describeFsError(written.error) }
          : { ok: false, fault: 'unread', error: `cannot read it: ${describeFsError(written.error)}` };
      }
      const bytes = written.bytes;
      if (bytes !== copy.size)
        return { ok: false, fault: 'wrong', error: `it has ${bytes > copy.size ? 'more than ' : ''}${bytes} bytes, ${copy.size} were recorded` };
      const read = written.xxh64;
      if (read !== copy.xxh64) return { ok: false, fault: 'wrong', error: `its content changed: xxh64 ${read}, recorded ${copy.xxh64}` };
      try {
        await writer.seal();
        await writer.verify(copy.xxh64);
        const location = await writer.commit();
        await target.flush();
        return { ok: true, location, etag: writer.etag, readBack: writer.readBackSource?.from ?? null };
      } catch (error) {
        return { ok: false, fault: 'target', error: describeFsError(error) };
      }
    } finally {
      // After a commit there is nothing left to forget.
      await writer.abort().catch(() => undefined);
    }
  }

  /** The rewritten copy recorded verified (how it was read back), and kept for its destination's manifest. */
  private recorded(copy: CopyRow, asset: AssetRow, outcome: RewriteOutcome & { ok: true }, from: string): { ok: true; from: string } {
    const at = new Date();
    const destinationId = this.ws.catalog.destinations.ids().get(copy.destinationUrl)!;
    this.ws.catalog.copies.recordVerified({
      assetId: asset.id,
      destinationId,
      key: copy.key,
      location: outcome.location,
      size: copy.size,
      xxh64: copy.xxh64,
      at: at.toISOString(),
      etag: outcome.etag,
      readBack: outcome.readBack,
    });
    const entries = this.manifests.get(copy.destinationUrl) ?? [];
    entries.push({ path: copy.key, size: copy.size, mtimeMs: asset.mtimeMs, xxh64: copy.xxh64, action: 'original', hashDate: at });
    this.manifests.set(copy.destinationUrl, entries);
    return { ok: true, from };
  }

  /** Who may read a rewritten local copy: as the source allows, or a local copy kept it; owner-only otherwise. */
  private async accessFor(asset: AssetRow): Promise<SourceAccess | undefined> {
    const folder = path.dirname(asset.path);
    const st = await fs.lstat(asset.path).catch(() => undefined);
    if (st?.isFile()) return { mode: st.mode & 0o777, uid: st.uid, gid: st.gid, folder };
    for (const c of this.ws.catalog.copies.forRestore({ kind: 'file', path: asset.path })) {
      if (c.status !== 'verified' || !this.configs.has(c.destinationUrl) || !this.open(c.destinationUrl).destination.capabilities.readBack) continue;
      const kept = await fs.lstat(c.location).catch(() => undefined);
      if (kept?.isFile()) return { mode: kept.mode & 0o777, uid: kept.uid, gid: kept.gid, folder };
    }
    return undefined;
  }

  private open(url: string): { destination: Destination; reach?: Promise<Reach> } {
    let opened = this.opened.get(url);
    if (opened === undefined) {
      opened = { destination: openDestination(this.configs.get(url)!, this.pool, this.ws.catalog) };
      this.opened.set(url, opened);
    }
    return opened;
  }

  /** A destination is reached once, when a repair first reads from it. */
  private reach(url: string): Promise<Reach> {
    const opened = this.open(url);
    opened.reach ??= reachDestination(this.ws.catalog, this.ws.config.destinations, this.configs.get(url)!, opened.destination);
    return opened.reach;
  }
}

/**
 * Rewrites the copies the checks condemned (CopyRepairs), one at a time: a repaired copy leaves the failures for
 * `repaired`; one that cannot be repaired keeps its failure, with why. Each destination that received copies
 * gets an ASC MHL generation of them (a transfer: the bytes are new on that medium).
 */
export async function repairCondemned(
  ws: Workspace,
  work: {
    condemned: ReadonlyArray<{ copy: CopyRow; asset: AssetRow; failure: VerifyFailure }>;
    reachable: ReadonlyMap<string, Destination>;
    byUrl: ReadonlyMap<string, DestinationConfig>;
    pool: BufferPool;
    report: { failures: VerifyFailure[]; repaired: RepairedCopy[]; bytes: number };
    signal: AbortSignal | undefined;
  },
): Promise<void> {
  const { condemned, reachable, byUrl, report } = work;
  const startedAt = new Date();
  const repairs = new CopyRepairs(ws, work.pool, reachable, new Set(condemned.map((c) => c.copy.id)));
  try {
    for (const { copy, asset, failure } of condemned) {
      if (work.signal?.aborted) break;
      const target = reachable.get(copy.destinationUrl);
      if (target === undefined) continue;
      const outcome = await repairs.repair(copy, asset, target);
      if (outcome.ok) {
        report.failures.splice(report.failures.indexOf(failure), 1);
        report.repaired.push({ path: asset.path, destination: target.info.name, location: copy.location, error: failure.error, from: outcome.from });
        report.bytes += copy.size;
      } else failure.error = `${failure.error}; not repaired: ${outcome.error}`;
    }
  } finally {
    repairs.close(reachable);
  }
  for (const [url, entries] of repairs.manifests) {
    const destination = reachable.get(url)!;
    try {
      await appendGeneration(destination, historyRootName(destinationWhere(byUrl.get(url)!)), 'transfer', startedAt, entries);
    } catch (error) {
      report.failures.push({
        path: destination.locate('ascmhl'),
        destination: destination.info.name,
        location: destination.locate('ascmhl'),
        error: `the ASC MHL manifest of the repaired copies could not be written: ${(error as Error).message}`,
      });
    }
  }
}
