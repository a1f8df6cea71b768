/**
 * The panel ↔ helper protocol: JSON over a WebSocket on 127.0.0.1. A client sends requests (each with an
 * id); the helper answers each with a response echoing the id, and pushes events to every paired client.
 * Both sides validate with these schemas: the helper every request, a client every response and event.
 */
import { z } from 'zod';
import { overdueSchema, planInfoSchema, upkeepSchema } from './plans';
import { ASSET_STATES } from '../policy/assetState';
import type { StateSummary } from '../policy/summarize';
import { badgesInconsistency, type Badges } from './badges';
import { rebuildOutcomeSchema, rebuildRequestShape, restoreOutcomeSchema, restoreRequestShape } from './restoreMessages';
export { PROTOCOL_VERSION } from './constants';

const text = (max: number) => z.string().min(1).max(max);

/** An absolute path of either platform, as the helper's machine spells it. */
export const absolutePathSchema = text(4096).refine(
  (p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')),
  'must be an absolute path',
);

/**
 * A file a host adapter found in the open project (a clip's media, its proxy, the project file itself;
 * from Lightroom: a photo's original, a sidecar, the catalog).
 */
export const mediaRefSchema = z.strictObject({
  path: absolutePathSchema,
  role: z.enum(['media', 'proxy', 'project', 'sidecar', 'catalog']).default('media'),
  /** The clip names that use it. */
  clips: z.array(z.string().max(1024)).max(10_000).default([]),
  offline: z.boolean().default(false),
});

/** What a host adapter sends instead of a target path: the project's name and the files it uses. */
const hostProjectSchema = z.strictObject({
  name: text(1024),
  /**
   * The application that listed it (Premiere when left out). For `lightroom` the helper adds what the
   * plug-in cannot see: sidecars beside the originals, the catalog's companions, and its busy state.
   */
  app: z.enum(['premiere', 'lightroom']).optional(),
  media: z.array(mediaRefSchema).min(1).max(500_000),
});

const destinationName = text(64);

const requestShapes = {
  hello: { protocol: z.number().int(), client: text(200), token: text(200).optional() },
  pair: { code: text(32), client: text(200) },
  scan: { target: absolutePathSchema },
  status: { target: absolutePathSchema.optional(), host: hostProjectSchema.optional() },
  /** The compact status a panel shows (./badges.ts); `project` names a host project sent before. */
  badges: { target: absolutePathSchema.optional(), host: hostProjectSchema.optional(), project: text(64).optional() },
  protect: {
    targets: z.array(absolutePathSchema).min(1).max(1000).optional(),
    host: hostProjectSchema.optional(),
    destinations: z.array(destinationName).max(100).optional(),
    includePreviews: z.boolean().optional(),
  },
  cancel: { jobId: z.number().int().positive() },
  jobs: {},
  /** Every plan with its next and last run, and what is overdue. */
  plans: {},
  /** A plan that protects `target` whenever it is saved (the panel's Auto-protect switch; `plan add --on-change`). */
  'plans.add': { target: absolutePathSchema, name: text(200).optional() },
  /** `plan pause|resume|remove` of one plan, by its id. */
  'plans.change': { plan: text(64), change: z.enum(['pause', 'resume', 'remove']) },
  /**
   * A panel says it is shown or hidden. A job a panel started that ends while no panel is shown is told by a
   * desktop notification and kept; a panel shown again is answered with those jobs (once).
   */
  'panel.visibility': { visible: z.boolean() },
  'destinations.list': {},
  'destinations.add': {
    name: destinationName,
    /** A folder on the helper's machine, or s3://bucket/prefix. */
    where: text(4096),
    media: text(32).optional(),
    offsite: z.boolean().optional(),
    onsite: z.boolean().optional(),
    endpoint: text(2048).optional(),
    region: text(64).optional(),
    profile: text(128).optional(),
    pathStyle: z.boolean().optional(),
    /** S3: a provider preset (src/providers/s3Providers.ts): endpoint, region list, addressing style. */
    provider: text(32).optional(),
    /**
     * S3: a key pair, sent once: the helper checks it against the bucket and stores it in the keychain (or a
     * 0600 shared credentials file), never in config.json, and never sends the secret back.
     */
    keys: z.object({ accessKeyId: text(128), secretAccessKey: text(256) }).optional(),
    /** S3: server-side encryption asked for on every object (AES256, aws:kms), and its KMS key. */
    sse: text(16).optional(),
    kmsKeyId: text(2048).optional(),
    /** S3: the storage class of the copies (STANDARD_IA, GLACIER_IR, DEEP_ARCHIVE…). */
    storageClass: text(64).optional(),
  },
  'destinations.remove': { name: destinationName },
  'destinations.test': { name: destinationName },
  /** Shows a file's recorded copy on a local destination in the helper machine's file manager. */
  reveal: { path: absolutePathSchema, destination: destinationName },
  verify: {
    targets: z.array(absolutePathSchema).max(1000).optional(),
    destinations: z.array(destinationName).max(100).optional(),
    read: z.boolean().optional(),
    sources: z.boolean().optional(),
    /** Rewrite each copy that fails from a good copy or the source. */
    repair: z.boolean().optional(),
  },
  // ---- restore and catalog rebuild (./restoreMessages.ts)
  restore: restoreRequestShape(absolutePathSchema, destinationName),
  'catalog.rebuild': rebuildRequestShape(destinationName),
  // ---- drill: a restore drill, queued as a job like verify ----
  drill: {
    files: z.number().int().min(1).max(100_000).optional(),
    bytes: z.number().int().nonnegative().optional(),
    destinations: z.array(destinationName).max(100).optional(),
  },
  // ---- scrub: copies due re-read, oldest first, within a budget; queued as a job like verify ----
  scrub: {
    days: z.number().int().min(1).max(3650).optional(),
    /** The read budget as a person writes it (`50MB/s`). */
    budget: text(32).optional(),
    maxSeconds: z
      .number()
      .positive()
      .max(7 * 86_400)
      .optional(),
    /** Hours of the helper's day (`01:00-06:00`): refused outside them, stopped at their end. */
    hours: text(32).optional(),
    destinations: z.array(destinationName).max(100).optional(),
    repair: z.boolean().optional(),
  },
  // ---- versions (issue 18) ----
  /** The kept versions of a project file or catalog, per destination. */
  versions: { target: absolutePathSchema },
  // ---- reports (issue 21) ----
  /** A finished job's HTML report: where it is, and the helper's URLs that serve it (GET: with the token, or a short-lived link). */
  report: { jobId: z.number().int().positive() },
} as const;

type RequestShapes = typeof requestShapes;
export type RequestType = keyof RequestShapes;

const requestId = text(64);

function requestVariant<T extends RequestType>(type: T) {
  return z.strictObject({ id: requestId, type: z.literal(type), ...requestShapes[type] });
}

const oneOfTargetOrHost = (r: { target?: unknown; targets?: unknown; host?: unknown }) =>
  (r.target !== undefined || r.targets !== undefined) !== (r.host !== undefined);

export const requestSchema = z
  .discriminatedUnion('type', [
    requestVariant('hello'),
    requestVariant('pair'),
    requestVariant('scan'),
    requestVariant('status'),
    requestVariant('badges'),
    requestVariant('protect'),
    requestVariant('cancel'),
    requestVariant('jobs'),
    requestVariant('plans'),
    requestVariant('plans.add'),
    requestVariant('plans.change'),
    requestVariant('panel.visibility'),
    requestVariant('destinations.list'),
    requestVariant('destinations.add'),
    requestVariant('destinations.remove'),
    requestVariant('destinations.test'),
    requestVariant('verify'),
    requestVariant('restore'),
    requestVariant('catalog.rebuild'),
    requestVariant('drill'),
    requestVariant('scrub'),
    requestVariant('versions'),
    requestVariant('report'),
    requestVariant('reveal'),
  ])
  .refine((r) => (r.type !== 'status' && r.type !== 'protect') || oneOfTargetOrHost(r), {
    message: 'give either a target (targets) or a host project, not both',
  })
  .refine((r) => r.type !== 'badges' || [r.target, r.host, r.project].filter((x) => x !== undefined).length === 1, {
    message: 'give one of a target, a host project or a project name',
  });

export type Request = z.output<typeof requestSchema>;
/** What a client writes: defaults may be left out. */
export type RequestInput = z.input<typeof requestSchema>;
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
export type MediaRef = z.output<typeof mediaRefSchema>;
export type HostProject = z.output<typeof hostProjectSchema>;

// ---- results --------------------------------------------------------------------------------------------

const assetStateSchema = z.enum(ASSET_STATES);
const roleSchema = z.enum(['media', 'proxy', 'sidecar', 'project', 'catalog']);

/** What a status chip shows (./badges.ts): every status has it. */
const badgeSchema = z.object({
  state: assetStateSchema,
  label: z.string(),
  copies: z.number(),
  media: z.array(z.string()),
  offsite: z.number(),
  missing: z.array(z.enum(['copies', 'media', 'offsite'])),
});

export const assetStatusSchema = badgeSchema.extend({
  path: z.string(),
  size: z.number(),
  xxh64: z.string().nullable(),
  /** `readBack`: a local copy's last read-back came from its medium, or only from the operating system's cache. */
  locations: z.array(z.object({ destination: z.string(), location: z.string(), verifiedAt: z.string(), readBack: z.enum(['medium', 'cache']).optional() })),
  problem: z.string().optional(),
  role: roleSchema.optional(),
  clips: z.array(z.string()).optional(),
  offline: z.boolean().optional(),
  busy: z.string().optional(),
});

const policySchema = z.object({ copies: z.number(), media: z.number(), offsite: z.number() });
const count = z.number();
const summarySchema = z.object({
  assets: count,
  bytes: count,
  protected: count,
  partial: count,
  unprotected: count,
  stale: count,
  missing: count,
  lost: count,
  failed: count,
}) satisfies z.ZodType<StateSummary>;

/** What a full status and a badges answer both begin with: what was asked, the policy, the counts. */
const documentHead = {
  target: z.union([z.string(), z.array(z.string())]),
  projects: z.array(z.object({ target: z.string(), kind: z.string(), name: z.string(), version: z.string().nullable() })),
  policy: policySchema,
  summary: summarySchema,
  warnings: z.array(z.string()),
};

/** Destinations that did not answer their last job, and since when (their copies still count). */
const unreachableSchema = z.array(
  z.object({ destination: z.string(), since: z.string(), lastReachable: z.string().nullable(), reason: z.string().nullable() }),
);

/** A finished restore drill: totals, and what it restored from each destination. */
export const drillRecordSchema = z.object({
  id: z.number(),
  jobId: z.number().nullable(),
  at: z.string(),
  files: z.number(),
  bytes: z.number(),
  seconds: z.number(),
  failures: z.number(),
  destinations: z.array(z.object({ destination: z.string(), files: z.number(), bytes: z.number(), failures: z.number() })),
});

/** Destinations no recent passing drill proves. */
const drillsDueSchema = z.array(z.object({ destination: z.string(), lastDrilledAt: z.string().nullable(), reason: z.enum(['never', 'old', 'failed']) }));

export const statusDocumentSchema = z.object({
  ...documentHead,
  assets: z.array(assetStatusSchema),
  unreachable: unreachableSchema.optional(),
  lastDrill: drillRecordSchema.nullable().optional(),
  drillsDue: drillsDueSchema.optional(),
  /** Present when a plan or a file is past its deadline. */
  overdue: overdueSchema.optional(),
});

const index = z.number().int().nonnegative();

export const badgesSchema = z
  .object({
    ...documentHead,
    checkedAt: z.string(),
    project: z.string().optional(),
    badges: z.array(badgeSchema),
    files: z.object({ path: z.array(z.string()), size: z.array(z.number()), badge: z.array(index), verified: z.array(z.number().nullable()).optional() }),
    notes: z.array(
      z.object({
        at: index,
        problem: z.string().optional(),
        busy: z.string().optional(),
        offline: z.boolean().optional(),
      }),
    ),
  })
  .superRefine((b, ctx) => {
    const why = badgesInconsistency(b);
    if (why !== null) ctx.addIssue({ code: 'custom', message: why });
  }) satisfies z.ZodType<Badges>;

const scannedFileSchema = z.object({
  path: z.string(),
  role: roleSchema,
  exists: z.boolean(),
  size: z.number().optional(),
  clips: z.array(z.string()),
  offline: z.boolean(),
  busy: z.string().optional(),
  error: z.string().optional(),
});

const scanDocumentSchema = z.object({
  target: z.string(),
  kind: z.string(),
  project: z.object({ name: z.string(), version: z.string().nullable() }),
  media: z.array(scannedFileSchema),
  warnings: z.array(z.string()),
});

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobState = (typeof JOB_STATES)[number];

const destinationProgressSchema = z.object({
  name: z.string(),
  filesDone: z.number(),
  filesFailed: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  /** Bytes per second written to this destination (read from it, in a restore) since the job started. */
  rate: z.number(),
  etaSeconds: z.number().nullable(),
  /** The destination failed whole (dropped from the job): the files it waited for count as failed. */
  failed: z.boolean().optional(),
});

export const progressSchema = z.object({
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  rate: z.number(),
  etaSeconds: z.number().nullable(),
  /** The source file started last. */
  current: z.string().optional(),
  destinations: z.array(destinationProgressSchema),
});

const failureSchema = z.object({
  path: z.string(),
  destination: z.string().nullable(),
  error: z.string(),
  /** Set when a whole destination failed: `path` is the destination's, these are the sources it did not receive. */
  missed: z.array(z.string()).optional(),
});

export const jobInfoSchema = z.object({
  id: z.number(),
  kind: z.enum(['protect', 'verify', 'restore', 'rebuild', 'drill', 'scrub']),
  state: z.enum(JOB_STATES),
  /** What the job works on: target paths, or the host project's name. */
  title: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: progressSchema.nullable(),
  /** Set when it has finished: what was done and every failure with its reason. */
  result: z
    .object({
      files: z.number(),
      bytes: z.number(),
      seconds: z.number(),
      upToDate: z.number(),
      failed: z.array(failureSchema),
      /** Copies counted though read back from the operating system's cache, not their medium: per destination, and why. */
      readFromCache: z.array(z.object({ destination: z.string(), copies: z.number(), reason: z.string() })).optional(),
      /** What went wrong beside the files (Threefold's state not put on a destination, a project's media unreadable): nothing was lost. */
      warnings: z.array(z.string()).optional(),
      /** A restore's files and totals. */
      restore: restoreOutcomeSchema.optional(),
      /** What a catalog rebuild learnt. */
      rebuild: rebuildOutcomeSchema.optional(),
      /** A drill's result as recorded (null when it was cancelled). */
      drill: drillRecordSchema.nullable().optional(),
      /** A verify with `repair`: the copies that failed and were rewritten from a good one (`from`: a destination, or `source`). */
      repaired: z.array(z.object({ path: z.string(), destination: z.string(), from: z.string() })).optional(),
      /** A scrub's copies due, and why it stopped before checking them all (null: it did not). */
      scrub: z.object({ due: z.number(), stoppedBy: z.enum(['time limit', 'end of hours']).nullable() }).optional(),
    })
    .nullable(),
  /** Why the whole job could not run (no destinations, an unreadable project). */
  error: z.string().nullable(),
});

export const destinationInfoSchema = z.object({
  name: z.string(),
  kind: z.enum(['local', 's3']),
  where: z.string(),
  media: z.string(),
  offsite: z.boolean(),
  /** What `dest list` says after the place (older helpers leave it out): an S3 store's endpoint, where its keys live (never a secret), its encryption and class. */
  detail: z.string().optional(),
  /**
   * In `destinations.list` (older helpers leave these out): whether a local folder is there now (null for a
   * bucket: not asked over the network), its volume's free bytes (null for a bucket, or unknown), and when
   * it last received a copy (null: never).
   */
  connected: z.boolean().nullable().optional(),
  freeBytes: z.number().nullable().optional(),
  lastCopyAt: z.string().nullable().optional(),
});

// ---- versions (issue 18) ----

const versionCopySchema = z.object({
  destination: z.string(),
  key: z.string(),
  stamp: z.string(),
  mtimeMs: z.number(),
  xxh64: z.string(),
  size: z.number(),
  location: z.string(),
  local: z.boolean(),
  copiedAt: z.string(),
  /** Why its last check failed, or null. */
  failed: z.string().nullable(),
});

/** A file's kept versions, newest first; `note` says why there are none. */
export const versionsSchema = z.object({
  path: z.string(),
  file: z.object({
    exists: z.boolean(),
    size: z.number().nullable(),
    mtime: z.string().nullable(),
    recorded: z.object({ size: z.number(), mtime: z.string(), xxh64: z.string() }),
  }),
  versions: z.array(
    z.object({
      id: z.string(),
      mtime: z.string(),
      mtimeMs: z.number(),
      size: z.number(),
      xxh64: z.string(),
      current: z.boolean(),
      copies: z.array(versionCopySchema),
    }),
  ),
  note: z.string().nullable(),
});

export const resultSchemas = {
  hello: z.object({ protocol: z.number(), helperVersion: z.string(), paired: z.boolean() }),
  pair: z.object({ token: z.string() }),
  scan: scanDocumentSchema,
  status: statusDocumentSchema,
  badges: badgesSchema,
  protect: z.object({ job: jobInfoSchema }),
  cancel: z.object({ job: jobInfoSchema }),
  jobs: z.object({ jobs: z.array(jobInfoSchema) }),
  plans: z.object({ plans: z.array(planInfoSchema), overdue: overdueSchema, upkeep: upkeepSchema.optional() }),
  'plans.add': z.object({ plan: planInfoSchema }),
  /** The plan as changed; null once removed. */
  'plans.change': z.object({ plan: planInfoSchema.nullable() }),
  /** Jobs panels started that ended while no panel was shown, oldest first (empty when hidden). */
  'panel.visibility': z.object({ missed: z.array(jobInfoSchema) }),
  'destinations.list': z.object({ destinations: z.array(destinationInfoSchema) }),
  'destinations.add': z.object({ destination: destinationInfoSchema }),
  'destinations.remove': z.object({ removed: z.string() }),
  'destinations.test': z.object({ ok: z.boolean(), error: z.string().optional() }),
  verify: z.object({ job: jobInfoSchema }),
  /** A restore is queued as a job; a dry run is answered at once with its plan, and is no job. */
  restore: z.union([z.object({ job: jobInfoSchema }), z.object({ plan: restoreOutcomeSchema, warnings: z.array(z.string()) })]),
  'catalog.rebuild': z.object({ job: jobInfoSchema }),
  drill: z.object({ job: jobInfoSchema }),
  scrub: z.object({ job: jobInfoSchema }),
  versions: versionsSchema,
  /**
   * `url` is served to a client that sends its token; `link` (a path and query, on the helper's origin) to
   * anyone who has it, for a few minutes: what a browser opens, which cannot send the token.
   */
  report: z.object({ jobId: z.number(), path: z.string(), url: z.string(), link: z.string().optional() }),
  reveal: z.object({ revealed: z.string() }),
} satisfies Record<RequestType, z.ZodType>;

export type ResultOf<T extends RequestType> = z.output<(typeof resultSchemas)[T]>;
export type JobInfo = z.output<typeof jobInfoSchema>;
export type Progress = z.output<typeof progressSchema>;
export type AssetStatusMessage = z.output<typeof assetStatusSchema>;
export type StatusDocumentMessage = z.output<typeof statusDocumentSchema>;
export type DestinationInfo = z.output<typeof destinationInfoSchema>;

// ---- responses and events -------------------------------------------------------------------------------

export const ERROR_CODES = [
  /** Not JSON, or not a valid request: the message says which field. */
  'bad-request',
  /** No token, a wrong or revoked token, or a wrong pairing code. */
  'unauthorized',
  'protocol-version',
  'rate-limited',
  'not-found',
  /** Too many jobs queued. */
  'busy',
  /** The request was valid but could not be done (bad path, unreadable project): the message says why. */
  'failed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const errorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type ProtocolError = z.output<typeof errorSchema>;

export const responseSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.string(), ok: z.literal(false), error: errorSchema }),
]);
export type Response = z.output<typeof responseSchema>;

export const eventSchema = z.discriminatedUnion('type', [
  /** A job was queued or started (by any client). */
  z.object({ type: z.literal('job.state'), job: jobInfoSchema }),
  z.object({ type: z.literal('job.progress'), jobId: z.number(), progress: progressSchema }),
  z.object({ type: z.literal('job.finished'), job: jobInfoSchema }),
  /** An asset's 3-2-1 state changed: a job recorded a copy (jobId), or the helper saw a change on disk or in the catalog (null). */
  z.object({ type: z.literal('asset.status'), jobId: z.number().nullable(), asset: assetStatusSchema }),
  /** Many files' states changed at once (a drive unplugged): clients showing badges ask for them again. */
  z.object({ type: z.literal('badges.changed'), project: z.string().nullable() }),
  /** A problem that belongs to no request (a message that was not JSON). */
  z.object({ type: z.literal('error'), error: errorSchema }),
]);
export type HelperEvent = z.output<typeof eventSchema>;

/** Any message the helper sends. */
export const helperMessageSchema = z.union([responseSchema, eventSchema]);
export type HelperMessage = z.output<typeof helperMessageSchema>;
