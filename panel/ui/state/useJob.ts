import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HostProject, JobInfo } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import { followEvent, jobToFollow, NOT_FOLLOWING, startFollowing } from '../../model/followedJob';
import { isFinished, retryProject } from '../../model/jobResult';
import { errorText } from './errorText';

export interface JobControls {
  /** The job the panel follows: running, or finished and not dismissed. */
  job: JobInfo | null;
  /** Why protect or cancel was refused. */
  error: string | null;
  /** What "Retry failures" would send; null when there is nothing to retry. */
  retry: HostProject | null;
  protect(project: HostProject): void;
  /** Reads these files' copies back and compares them with their hashes (a verify job, followed like a protect). */
  verify(paths: string[]): void;
  cancel(): void;
  dismiss(): void;
  /** The followed job ended while the panel was hidden (the helper said so when it was shown again). */
  missed: boolean;
  /** Shows a job that ended while the panel was hidden, unless one is running here. */
  showMissed(job: JobInfo): void;
}

/** Protect, follow, cancel, retry. After a reconnect, a job of this project still running is followed again. */
export function useJob(connection: HelperConnection, paired: boolean, project: HostProject | null): JobControls {
  const [followed, setFollowed] = useState(NOT_FOLLOWING);
  const job = followed.job;
  /** What the panel's last protect sent (a failure is retried with its role and clip names). */
  const [sent, setSent] = useState<{ jobId: number; project: HostProject } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missedId, setMissedId] = useState<number | null>(null);

  useEffect(() => connection.onEvent((event) => setFollowed((current) => followEvent(current, event))), [connection]);

  const projectName = project?.name ?? null;
  useEffect(() => {
    if (!paired || projectName === null) return;
    connection.request('jobs', {}).then(
      ({ jobs }) =>
        setFollowed((current) => {
          if (current.job && !isFinished(current.job)) return current;
          const found = jobToFollow(jobs, projectName);
          return found ? startFollowing(current, found) : current;
        }),
      () => undefined, // only a nicety: the next protect starts from here anyway
    );
  }, [connection, paired, projectName]);

  const protect = useCallback(
    (target: HostProject) => {
      setError(null);
      connection.request('protect', { host: target }).then(
        (r) => {
          setSent({ jobId: r.job.id, project: target });
          setFollowed((current) => startFollowing(current, r.job));
        },
        (e: unknown) => setError(errorText(e)),
      );
    },
    [connection],
  );

  const verify = useCallback(
    (paths: string[]) => {
      setError(null);
      connection.request('verify', { targets: paths }).then(
        (r) => setFollowed((current) => startFollowing(current, r.job)),
        (e: unknown) => setError(errorText(e)),
      );
    },
    [connection],
  );

  const cancel = useCallback(() => {
    if (!job) return;
    // The outcome comes as job.finished; the answer's copy of the job may be older than that event.
    connection.request('cancel', { jobId: job.id }).catch((e: unknown) => setError(errorText(e)));
  }, [connection, job]);

  const dismiss = useCallback(() => setFollowed((current) => ({ ...current, job: null })), []);

  const showMissed = useCallback((missed: JobInfo) => {
    setFollowed((current) => (current.job && !isFinished(current.job) ? current : startFollowing(current, missed)));
    setMissedId(missed.id);
  }, []);

  // A job found after a reconnect was not sent from here: its failures are looked up in the open project.
  const base = sent !== null && sent.jobId === job?.id ? sent.project : project;
  // A verify's failures are copies that did not read back: protecting the project again is what mends them.
  const retry = useMemo(() => (job && job.kind === 'protect' && isFinished(job) && base ? retryProject(job, base) : null), [job, base]);
  return { job, error, retry, protect, verify, cancel, dismiss, missed: job !== null && job.id === missedId, showMissed };
}
