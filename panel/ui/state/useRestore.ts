import { useCallback, useEffect, useRef, useState } from 'react';
import type { HelperEvent, JobInfo } from '../../../src/protocol/messages';
import type { RestoreOutcome } from '../../../src/protocol/restoreMessages';
import type { HelperConnection } from '../../connection/helperConnection';
import type { Host } from '../../host/host';
import type { ClipRow } from '../../model/clipRows';
import { followJob } from '../../model/followedJob';
import { isFinished } from '../../model/jobResult';
import { clipFixes, clipReport, restoreOffer, restoreTargets, type ClipReport, type RestoredClip, type RestoreOffer } from '../../model/restorePlan';
import { errorText } from './errorText';
import { finishedMeanwhile } from './finishedMeanwhile';

/** Where a restore stands: asked what it would do, offered, confirming a relink, running, relinking, done. */
export type RestoreStep =
  | { kind: 'idle' }
  | { kind: 'planning' }
  | { kind: 'offer'; offer: RestoreOffer; to: string | null; left: number }
  | { kind: 'running'; job: JobInfo; to: string | null }
  | { kind: 'relinking'; job: JobInfo }
  | { kind: 'done'; job: JobInfo; reports: ClipReport[]; outcome: RestoreOutcome | null }
  | { kind: 'error'; message: string };

export interface RestoreControls {
  step: RestoreStep;
  /** Asks the helper what restoring these clips would do (a dry run), in place or under `to`. */
  plan(rows: readonly ClipRow[], to?: string | null): void;
  /** Plans the same clips again under a folder the editor picks (nothing changes when the picker is cancelled). */
  chooseFolder(): void;
  /** Starts the offered restore. */
  start(): void;
  cancel(): void;
  dismiss(): void;
}

const asRestored = (row: ClipRow): RestoredClip => ({ id: row.id, name: row.name, mediaPath: row.mediaPath, proxyPath: row.proxyPath });

/**
 * Restore of missing clips: a dry run offers what and from where, the restore runs as a job followed by its
 * events, and once it has finished each clip is brought back online or relinked in the host, one by one.
 */
export function useRestore(connection: HelperConnection, host: Host, paired: boolean): RestoreControls {
  const [step, setStep] = useState<RestoreStep>({ kind: 'idle' });
  const clips = useRef<RestoredClip[]>([]);
  const rowsPlanned = useRef<readonly ClipRow[]>([]);
  const targets = useRef<string[]>([]);

  const plan = useCallback(
    (rows: readonly ClipRow[], to: string | null = null) => {
      const chosen = restoreTargets(rows);
      rowsPlanned.current = rows;
      clips.current = rows.map(asRestored);
      targets.current = chosen.targets;
      setStep({ kind: 'planning' });
      connection.request('restore', { targets: chosen.targets, dryRun: true, ...(to === null ? {} : { to }) }).then(
        (answer) => {
          if (!('plan' in answer)) throw new Error('the helper queued a dry run');
          setStep({ kind: 'offer', offer: restoreOffer(rows.length, answer.plan, to), to, left: chosen.left });
        },
        (e: unknown) => setStep({ kind: 'error', message: errorText(e) }),
      );
    },
    [connection],
  );

  const chooseFolder = useCallback(() => {
    host.chooseFolder().then(
      (folder) => {
        if (folder !== null) plan(rowsPlanned.current, folder);
      },
      (e: unknown) => setStep({ kind: 'error', message: errorText(e) }),
    );
  }, [host, plan]);

  // The job's events keep its progress; once it has finished, the host brings each clip back.
  const follow = useCallback(
    (event: HelperEvent) =>
      setStep((current) => {
        if (current.kind !== 'running') return current;
        const job = followJob(current.job, event);
        if (job === null || job === current.job) return current;
        return isFinished(job) ? { kind: 'relinking', job } : { ...current, job };
      }),
    [],
  );
  useEffect(() => connection.onEvent(follow), [connection, follow]);
  // A job may finish before its queueing is answered, or while the connection was lost: asked once it
  // runs, and again once paired again.
  const runningId = step.kind === 'running' ? step.job.id : null;
  useEffect(() => {
    if (paired && runningId !== null) void finishedMeanwhile(connection, runningId).then((job) => job && follow({ type: 'job.finished', job }));
  }, [connection, paired, runningId, follow]);

  const start = useCallback(() => {
    if (step.kind !== 'offer') return;
    const to = step.to;
    connection.request('restore', { targets: targets.current, ...(to === null ? {} : { to }) }).then(
      (answer) => {
        if (!('job' in answer)) throw new Error('the helper answered a restore with a plan');
        setStep({ kind: 'running', job: answer.job, to });
      },
      (e: unknown) => setStep({ kind: 'error', message: errorText(e) }),
    );
  }, [connection, step]);

  const relinking = step.kind === 'relinking' ? step.job : null;
  useEffect(() => {
    if (relinking === null) return;
    let live = true;
    void bringBack(host, clips.current, relinking).then(
      (reports) => live && setStep({ kind: 'done', job: relinking, reports, outcome: relinking.result?.restore ?? null }),
      (e: unknown) => live && setStep({ kind: 'error', message: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [host, relinking]);

  const cancel = useCallback(() => {
    if (step.kind === 'running') connection.request('cancel', { jobId: step.job.id }).catch((e: unknown) => setStep({ kind: 'error', message: errorText(e) }));
    else if (step.kind === 'offer' || step.kind === 'error') setStep({ kind: 'idle' });
  }, [connection, step]);

  const dismiss = useCallback(() => setStep({ kind: 'idle' }), []);
  return { step, plan, chooseFolder, start, cancel, dismiss };
}

/** Each clip whose file came back, refreshed or relinked (and its proxy attached), one host call at a time. */
async function bringBack(host: Host, clips: readonly RestoredClip[], job: JobInfo): Promise<ClipReport[]> {
  const outcome = job.result?.restore;
  if (!outcome) return [];
  const reports: ClipReport[] = [];
  for (const fix of clipFixes(clips, outcome)) {
    const media =
      fix.media.kind === 'refresh'
        ? await host.refreshClip(fix.clipId)
        : fix.media.kind === 'relink'
          ? await host.relinkClip(fix.clipId, fix.media.path)
          : null;
    const proxy = fix.proxy !== null && media?.done ? await host.attachProxy(fix.clipId, fix.proxy) : null;
    reports.push(clipReport(fix, media, proxy));
  }
  return reports;
}
