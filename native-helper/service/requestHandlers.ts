import path from 'node:path';
import type { HostProject, RequestOf, RequestType, ResultOf } from '../../src/protocol/messages';
import type { ReferencedFile } from '../../src/projects/projectReading';
import type { Upkeep } from '../../src/protocol/plans';
import type { Catalog } from '../catalog/catalog';
import { loadConfig, localDestinationFolders, selectDestinations } from '../config/config';
import { destinationInfo, destinationStates } from '../engine/destinationStates';
import { revealableCopy } from '../engine/revealCopy';
import type { RevealInFileManager } from '../system/fileManager';
import { addDestination, removeDestination, testConfiguredDestination } from '../engine/manageDestinations';
import { scrubSettings } from '../engine/scrub';
import { UserError } from '../errors';
import { listVersions } from '../engine/restore/keptVersionList';
import { findOverdue, overdueForStatus } from '../engine/deadlines';
import { addPlan, changePlan, describePlans } from '../engine/managePlans';
import { scanTarget } from '../engine/scan';
import { buildStatus, statusOfTargets } from '../engine/status';
import { lightroomHostFiles } from '../readers/lightroom/lightroomHost';
import { checkedRoot, restore } from '../engine/restore/restore';
import { rebuildSource } from '../engine/rebuildCatalog';
import { jobHtmlReport } from '../reports/jobReports';
import type { PanelPresence } from './panelPresence';
import type { ReportLinks } from './reportLinks';
import { reportLink, reportUrl } from './reportRoute';
import { restoreOutcome } from './restoreResults';
import { selectTargets } from '../targets/selectTargets';
import type { BadgeCache } from './badgeCache';
import type { JobQueue } from './jobQueue';
import type { JsonText } from './jsonText';
import type { HandledRequest } from './requestPipeline';

export interface HandlerContext {
  home: string;
  catalog: Catalog;
  jobs: JobQueue;
  badges: BadgeCache;
  reveal: RevealInFileManager;
  presence: PanelPresence;
  reportLinks: ReportLinks;
  /** The helper's scrub and drill schedule now. */
  upkeep?: () => Upkeep;
}

type Handlers = {
  [T in Exclude<RequestType, 'hello' | 'pair'>]: (ctx: HandlerContext, request: RequestOf<T>, client: object) => Promise<ResultOf<T> | JsonText<ResultOf<T>>>;
};

/**
 * What each request does, through the same engine functions and validation as the CLI. A UserError
 * becomes a `failed` response with its message.
 */
const handlers: Handlers = {
  scan: async (ctx, r) => scanTarget(await config(ctx), resolved(r.target)),

  status: async (ctx, r) => {
    const cfg = await config(ctx);
    const overdue = await overdueForStatus(cfg, ctx.catalog);
    if (r.target !== undefined) return { ...(await statusOfTargets(cfg, ctx.catalog, [resolved(r.target)])), ...overdue };
    const selection = await selectTargets([], localDestinationFolders(cfg.destinations), { host: await hostProject(r.host!) });
    return { ...(await buildStatus(cfg, ctx.catalog, selection)), ...overdue };
  },

  badges: async (ctx, r) => ctx.badges.badges(r, r.host ? await hostProject(r.host) : undefined),

  protect: async (ctx, r) => {
    const cfg = await config(ctx);
    if (cfg.destinations.length === 0) throw new UserError('no destinations are configured: add one first (a local disk, a NAS, or an S3 bucket)');
    if (r.destinations) selectDestinations(cfg.destinations, r.destinations); // unknown names fail now, not in the queue
    const targets = (r.targets ?? []).map(resolved);
    const job = ctx.jobs.enqueue({
      kind: 'protect',
      title: r.host ? r.host.name : targets.join(', '),
      request: {
        targets,
        ...(r.host ? { host: await hostProject(r.host) } : {}),
        ...(r.destinations ? { only: r.destinations } : {}),
        ...(r.includePreviews ? { includePreviews: true } : {}),
      },
    });
    return { job };
  },

  cancel: async (ctx, r) => ({ job: ctx.jobs.cancel(r.jobId) }),

  jobs: async (ctx) => ({ jobs: ctx.jobs.list() }),

  plans: async (ctx) => {
    const cfg = await config(ctx);
    const plans = await describePlans(cfg, ctx.catalog);
    return { plans, overdue: await findOverdue(cfg, ctx.catalog, plans), ...(ctx.upkeep ? { upkeep: ctx.upkeep() } : {}) };
  },

  'plans.add': async (ctx, r) => {
    const plan = await addPlan(ctx.home, { target: resolved(r.target), onChange: true, ...(r.name !== undefined ? { name: r.name } : {}) });
    return { plan: await describedPlan(ctx, plan.id) };
  },

  'plans.change': async (ctx, r) => {
    const plan = await changePlan(ctx.home, r.plan, r.change);
    return { plan: r.change === 'remove' ? null : await describedPlan(ctx, plan.id) };
  },

  'panel.visibility': async (ctx, r, client) => ({ missed: ctx.presence.visibility(client, r.visible) }),

  'destinations.list': async (ctx) => ({ destinations: await destinationStates(await config(ctx), ctx.catalog) }),

  'destinations.add': async (ctx, r) => {
    const { id: _id, type: _type, ...spec } = r;
    // The helper has no working folder of the user's: a folder must be named in full.
    if (!spec.where.startsWith('s3://') && !path.isAbsolute(spec.where)) throw new UserError(`${spec.where}: give the folder as an absolute path`);
    const destination = destinationInfo(await addDestination(ctx.home, spec));
    ctx.badges.invalidate();
    return { destination };
  },

  'destinations.remove': async (ctx, r) => {
    const removed = (await removeDestination(ctx.home, r.name)).removed.name;
    ctx.badges.invalidate();
    return { removed };
  },

  'destinations.test': async (ctx, r) => {
    const { verdict } = await testConfiguredDestination({ home: ctx.home, config: await config(ctx), catalog: ctx.catalog }, r.name);
    return verdict.ok ? { ok: true } : { ok: false, error: verdict.error };
  },

  reveal: async (ctx, r) => {
    const copy = await revealableCopy(await config(ctx), ctx.catalog, resolved(r.path), r.destination);
    await ctx.reveal(copy).catch((error: unknown) => {
      throw new UserError(`the file manager could not be opened: ${(error as Error).message}`);
    });
    return { revealed: copy };
  },

  verify: async (ctx, r) => {
    const cfg = await config(ctx);
    if (r.destinations) selectDestinations(cfg.destinations, r.destinations);
    const targets = (r.targets ?? []).map(resolved);
    const job = ctx.jobs.enqueue({
      kind: 'verify',
      title: `verify ${targets.length > 0 ? targets.join(', ') : 'everything'}`,
      request: {
        targets,
        ...(r.destinations ? { only: r.destinations } : {}),
        ...(r.read ? { readCloud: true } : {}),
        ...(r.sources ? { sources: true } : {}),
        ...(r.repair ? { repair: true } : {}),
      },
    });
    return { job };
  },

  // ---- restore and catalog rebuild

  restore: async (ctx, r) => {
    const cfg = await config(ctx);
    if (cfg.destinations.length === 0) throw new UserError('no destinations are configured: there are no copies to restore from');
    if (r.from !== undefined) selectDestinations(cfg.destinations, [r.from]);
    const targets = r.targets.map(resolved);
    const to = r.to === undefined ? undefined : resolved(r.to);
    const request = {
      targets,
      ...(to !== undefined ? { to } : {}),
      ...(r.from !== undefined ? { from: r.from } : {}),
      ...(r.clobber ? { clobber: r.clobber } : {}),
    };
    if (r.dryRun) {
      // Nothing is written: no job, no queue, the plan in the answer.
      const report = await restore({ home: ctx.home, config: cfg, catalog: ctx.catalog }, { ...request, dryRun: true });
      return { plan: restoreOutcome(report), warnings: report.warnings };
    }
    if (to !== undefined) await checkedRoot(to, cfg.destinations); // a missing folder fails now, not in the queue
    const job = ctx.jobs.enqueue({ kind: 'restore', title: `restore ${targets.join(', ')}${to !== undefined ? ` under ${to}` : ''}`, request });
    return { job };
  },

  'catalog.rebuild': async (ctx, r) => {
    const cfg = await config(ctx);
    rebuildSource(cfg.destinations, r.from); // an unknown name fails now, not in the queue
    const request = { from: r.from, ...(r.homeId !== undefined ? { home: r.homeId } : {}), ...(r.historyOnly ? { historyOnly: true } : {}) };
    return { job: ctx.jobs.enqueue({ kind: 'rebuild', title: `rebuild the catalog from ${r.from}`, request }) };
  },

  // ---- drill ----
  drill: async (ctx, r) => {
    const cfg = await config(ctx);
    if (cfg.destinations.length === 0) throw new UserError('no destinations are configured: there are no copies to drill');
    if (r.destinations) selectDestinations(cfg.destinations, r.destinations);
    const job = ctx.jobs.enqueue({
      kind: 'drill',
      title: `drill ${r.destinations ? r.destinations.join(', ') : 'every destination'}`,
      request: {
        targets: [],
        ...(r.files !== undefined ? { files: r.files } : {}),
        ...(r.bytes !== undefined ? { bytes: r.bytes } : {}),
        ...(r.destinations ? { only: r.destinations } : {}),
      },
    });
    return { job };
  },

  // ---- scrub ----
  scrub: async (ctx, r) => {
    const cfg = await config(ctx);
    if (cfg.destinations.length === 0) throw new UserError('no destinations are configured: there are no copies to scrub');
    if (r.destinations) selectDestinations(cfg.destinations, r.destinations);
    // A setting that does not parse, or an hour outside the scrub's, is refused now, not in the queue.
    const { hours, leftInHours } = scrubSettings(cfg, r);
    if (leftInHours === 0) throw new UserError(`outside the scrub hours (${hours!.text}): try again within them`);
    const job = ctx.jobs.enqueue({
      kind: 'scrub',
      title: `scrub ${r.destinations ? r.destinations.join(', ') : 'every destination'}`,
      request: {
        targets: [],
        ...(r.days !== undefined ? { days: r.days } : {}),
        ...(r.budget !== undefined ? { budget: r.budget } : {}),
        ...(r.maxSeconds !== undefined ? { maxSeconds: r.maxSeconds } : {}),
        ...(r.hours !== undefined ? { hours: r.hours } : {}),
        ...(r.destinations ? { only: r.destinations } : {}),
        ...(r.repair ? { repair: true } : {}),
      },
    });
    return { job };
  },

  // ---- versions (issue 18) ----
  versions: async (ctx, r) => listVersions({ home: ctx.home, config: await config(ctx), catalog: ctx.catalog }, resolved(r.target)),

  // ---- reports (issue 21) ----
  report: async (ctx, r) => ({
    jobId: r.jobId,
    path: await jobHtmlReport({ home: ctx.home, config: await config(ctx), catalog: ctx.catalog }, r.jobId),
    url: reportUrl(r.jobId),
    link: reportLink(r.jobId, ctx.reportLinks.issue(r.jobId)),
  }),
};

export async function handleRequest(ctx: HandlerContext, request: HandledRequest, client: object): Promise<unknown> {
  const handler = handlers[request.type] as (ctx: HandlerContext, r: typeof request, client: object) => Promise<unknown>;
  const result = await handler(ctx, request, client);
  // Who queued a job: a panel's job that ends while no panel is shown is told by a notification.
  const job = (result as { job?: { id?: unknown } } | null)?.job;
  const offline = request.type === 'protect' && request.host ? request.host.media.filter((m) => m.offline).map((m) => m.path) : [];
  if (typeof job?.id === 'number') ctx.presence.started(client, job.id, offline);
  return result;
}

async function describedPlan(ctx: HandlerContext, id: string) {
  const plan = (await describePlans(await config(ctx), ctx.catalog)).find((p) => p.id === id);
  if (!plan) throw new UserError(`plan ${id} is gone: it was removed meanwhile`);
  return plan;
}

function config(ctx: HandlerContext) {
  return loadConfig(ctx.home);
}

/** Like the CLI's targets: absolute, without `..` segments (the same string when it already is: a host lists 100,000). */
function resolved(target: string): string {
  const absolute = path.resolve(target);
  return absolute === target ? target : absolute;
}

async function hostProject(host: HostProject): Promise<{ name: string; files: ReferencedFile[]; warnings?: string[] }> {
  // Lightroom's plug-in lists photos and the catalog: sidecars, companions and the busy state are added here.
  if (host.app === 'lightroom') return { name: host.name, ...(await lightroomHostFiles(host.media)) };
  return {
    name: host.name,
    files: host.media.map((m) => ({ path: resolved(m.path), role: m.role, clips: m.clips, offline: m.offline, versioned: m.role === 'project' })),
  };
}
