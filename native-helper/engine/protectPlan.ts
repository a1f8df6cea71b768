import { planProtect, type PlanInput, type ProtectPlan, type RecordedCopy, type ObservedSource } from '../../src/planning/planProtect';
import type { ReferencedFile } from '../../src/projects/projectReading';
import { destinationWhere, localDestinationFolders, type DestinationConfig } from '../config/config';
import type { Destination } from '../destinations/destination';
import { destinationUrl } from '../destinations/openDestinations';
import { selectTargets, type SelectOptions, type Selection } from '../targets/selectTargets';
import type { JobFailure } from './jobReport';
import { dropSourcesInsideDestinations } from './overlappingDestinations';
import type { ProtectRequest } from './protectRequest';
import { reachDestinations } from './reachDestination';
import type { Workspace } from './workspace';

/**
 * What the job copies, and what fails before anything is copied. The selection (every file of the
 * targets) is kept only when a closing status needs it. `open` opens a destination for the job: the
 * destinations usable are the job's, reached here and written to next.
 */
export async function planJob(
  ws: Workspace,
  request: ProtectRequest,
  chosen: readonly DestinationConfig[],
  open: (config: DestinationConfig) => Destination,
): Promise<{ plan: ProtectPlan; failed: JobFailure[]; usable: DestinationConfig[]; selection?: Selection }> {
  const selection = await selectTargets(request.targets, localDestinationFolders(ws.config.destinations), selectOptions(request));
  const failed: JobFailure[] = selection.errors.map((e) => ({ path: e.path, destination: null, error: e.error }));
  failed.push(...selection.absent.map((f) => ({ path: f.path, destination: null, error: absentReason(f) })));
  // Once the targets are read (unreadable ones write nothing anywhere) and before planning, so that copies
  // condemned on the way are planned again; not in a dry run, which writes nothing (no identity marker).
  const { usable, refused } = request.dryRun ? { usable: [...chosen], refused: [] } : await reachDestinations(ws.catalog, ws.config.destinations, chosen, open);
  // One catalog read for the selection: the refused destinations' plan (what they miss) reuses it.
  const input = planInput(ws, selection, usable);
  const plan = planProtect(input);
  if (refused.length > 0) {
    const missed = sourcesPlannedFor(planProtect({ ...input, destinations: refused.map((r) => r.config.name) }));
    failed.push(
      ...refused.map(({ config, error }) => ({
        path: destinationWhere(config),
        destination: config.name,
        error: `${error}; nothing was copied there`,
        missed: missed.get(config.name) ?? [],
      })),
    );
  }
  failed.push(...plan.rejected.map((r) => ({ path: r.path, destination: null, error: r.reason })));
  failed.push(...(await dropSourcesInsideDestinations(plan, usable)).map((r) => ({ path: r.target, destination: r.destination, error: r.reason })));
  return { plan, failed, usable, ...(request.withStatus === false ? {} : { selection }) };
}

/** Per destination, the sources a plan copies there. */
export function sourcesPlannedFor(plan: Pick<ProtectPlan, 'tasks'>): Map<string, string[]> {
  const byDestination = new Map<string, string[]>();
  for (const task of plan.tasks) {
    for (const name of task.destinations) {
      const list = byDestination.get(name);
      if (list) list.push(task.source.path);
      else byDestination.set(name, [task.source.path]);
    }
  }
  return byDestination;
}

function selectOptions(request: ProtectRequest): SelectOptions {
  return { requireMedia: true, ...(request.includePreviews ? { includePreviews: true } : {}), ...(request.host ? { host: request.host } : {}) };
}

function absentReason(file: ReferencedFile): string {
  return file.offline
    ? 'not found: the project marks it offline (relink it in the project, or restore it from a copy)'
    : 'not found where the project says it is (moved, renamed, or on a drive that is not connected)';
}

function planInput(ws: Workspace, selection: Selection, chosen: readonly DestinationConfig[]): PlanInput {
  // What the catalog knows of the selected files: a few queries for all of them, not one per file.
  const nameByUrl = new Map(ws.config.destinations.map((d) => [destinationUrl(d), d.name]));
  const recorded = ws.catalog.assets.recordedContents(
    selection.files.map((f) => f.path),
    nameByUrl,
  );
  return {
    destinations: chosen.map((d) => d.name),
    // Plain object literals, and one shared empty list: this runs once per file, and all of it is alive at once.
    sources: selection.files.map((file) => {
      const content = recorded.get(file.path);
      const source: ObservedSource = file.versioned
        ? { path: file.path, size: file.size, mtimeMs: file.mtimeMs, versioned: true }
        : { path: file.path, size: file.size, mtimeMs: file.mtimeMs };
      return content ? { source, recorded: content, copies: content.copies } : { source, copies: NO_COPIES };
    }),
  };
}

const NO_COPIES: readonly RecordedCopy[] = [];
