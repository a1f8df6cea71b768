import { useCallback, useEffect, useState } from 'react';
import type { HelperEvent, HostProject, JobInfo } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import type { DrillDueMessage, DrillRecordMessage } from '../../model/drillSummary';
import { followJob } from '../../model/followedJob';
import { projectWithOnly } from '../../model/hostProject';
import { isFinished } from '../../model/jobResult';
import { errorText } from './errorText';
import { finishedMeanwhile } from './finishedMeanwhile';

export interface DrillControls {
  /** undefined until the helper has said; null when no drill has run. */
  last: DrillRecordMessage | null | undefined;
  due: DrillDueMessage[];
  /** The drill the panel started, while it runs. */
  job: JobInfo | null;
  error: string | null;
  run(): void;
  cancel(): void;
}

/**
 * The restore test: the last one's record and the destinations due one (from a status, which carries them,
 * of one file of the project: the badges answer does not), and a drill run from the panel as a job.
 */
export function useDrill(connection: HelperConnection, paired: boolean, project: HostProject | null): DrillControls {
  const [last, setLast] = useState<DrillRecordMessage | null | undefined>(undefined);
  const [due, setDue] = useState<DrillDueMessage[]>([]);
  const [job, setJob] = useState<JobInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);

  const one = project === null ? null : projectWithOnly(project, [project.media[0]!.path]);
  const key = one === null ? null : one.media[0]!.path;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `one` is rebuilt every render; `key` stands for it, `asked` asks again after a drill
  useEffect(() => {
    if (!paired || one === null) return;
    let live = true;
    connection.request('status', { host: one }).then(
      (status) => {
        if (!live) return;
        setLast(status.lastDrill ?? null);
        setDue(status.drillsDue ?? []);
      },
      () => undefined, // the summary simply says nothing of drills
    );
    return () => {
      live = false;
    };
  }, [connection, paired, key, asked]);

  const follow = useCallback((event: HelperEvent) => setJob((current) => followJob(current, event)), []);
  // A finished drill: its record is the last one now, and the destinations due are asked again.
  useEffect(() => {
    if (job === null || !isFinished(job)) return;
    if (job.result?.drill) setLast(job.result.drill);
    if (job.error !== null) setError(job.error);
    setAsked((n) => n + 1);
    setJob(null);
  }, [job]);
  useEffect(() => connection.onEvent(follow), [connection, follow]);
  // A drill may finish before its queueing is answered, or while the connection was lost: asked once it
  // runs, and again once paired again.
  const runningId = job === null ? null : job.id;
  useEffect(() => {
    if (paired && runningId !== null) void finishedMeanwhile(connection, runningId).then((j) => j && follow({ type: 'job.finished', job: j }));
  }, [connection, paired, runningId, follow]);

  const run = useCallback(() => {
    setError(null);
    connection.request('drill', {}).then(
      (answer) => setJob(answer.job),
      (e: unknown) => setError(errorText(e)),
    );
  }, [connection]);

  const cancel = useCallback(() => {
    if (job) connection.request('cancel', { jobId: job.id }).catch((e: unknown) => setError(errorText(e)));
  }, [connection, job]);

  return { last, due, job, error, run, cancel };
}
