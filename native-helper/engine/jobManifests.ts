import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { destinationWhere, type DestinationConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { MhlEntrySpool } from '../mhl/entrySpool';
import { appendGeneration, historyRootName } from '../mhl/history';
import type { MhlEntry } from '../mhl/manifest';
import type { JobFailure } from './jobReport';

/** Where a destination's ASC MHL entries wait for the end of the job; `problem` once one could not be kept. */
interface ManifestSpool {
  spool: MhlEntrySpool;
  problem?: string;
}

/** The ASC MHL entries of a job's copies, spooled to a local temporary folder, one generation per destination at the end. */
export class JobManifests {
  private readonly spools = new Map<string, ManifestSpool>();

  private constructor(private readonly folder: string) {}

  static async create(): Promise<JobManifests> {
    return new JobManifests(await fs.mkdtemp(path.join(os.tmpdir(), 'threefold-job-')));
  }

  /** Starts the spool of a destination the job writes to. */
  async open(destination: string): Promise<void> {
    this.spools.set(destination, { spool: await MhlEntrySpool.create(path.join(this.folder, `${this.spools.size}.jsonl`)) });
  }

  /** A spool that fails stops taking entries: its destination gets no generation rather than an incomplete one. */
  async append(entriesByDestination: ReadonlyMap<string, MhlEntry[]>): Promise<void> {
    for (const [name, entries] of entriesByDestination) {
      const manifest = this.spools.get(name)!;
      if (manifest.problem !== undefined) continue;
      try {
        await manifest.spool.append(entries);
      } catch (error) {
        manifest.problem = `its entries could not be kept until the end of the job (${(error as Error).message})`;
      }
    }
  }

  /**
   * One generation on each destination that received copies; what could not be written is the job's failure.
   * Returns each generation's key, by destination.
   */
  async write(
    destinations: ReadonlyMap<string, Destination>,
    chosen: readonly DestinationConfig[],
    startedAt: Date,
    failed: JobFailure[],
  ): Promise<Map<string, string>> {
    const written = new Map<string, string>();
    for (const [name, { spool, problem }] of this.spools) {
      const destination = destinations.get(name)!;
      const failure = (reason: string): JobFailure => ({
        path: destination.locate('ascmhl'),
        destination: name,
        error: `the ASC MHL manifest could not be written: ${reason}`,
        // The copies are made and verified: no source needs sending again.
        missed: [],
      });
      if (problem !== undefined) {
        failed.push(failure(problem));
        continue;
      }
      if (spool.count === 0) continue;
      const root = destinationWhere(chosen.find((d) => d.name === name)!);
      try {
        written.set(name, await appendGeneration(destination, historyRootName(root), 'transfer', startedAt, spool.entries()));
      } catch (error) {
        failed.push(failure((error as Error).message));
      }
    }
    return written;
  }

  async close(): Promise<void> {
    await Promise.all([...this.spools.values()].map(({ spool }) => spool.close().catch(() => undefined)));
    await fs.rm(this.folder, { recursive: true, force: true });
  }
}
