import { useCallback, useEffect, useState } from 'react';
import type { JobInfo } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import type { Host } from '../../host/host';
import { lastProjectJob } from '../../model/projectJobs';
import { reportPageUrl } from '../../model/reportLink';
import { errorText } from './errorText';

/** Finished jobs kept from events, at most (the helper lists as many). */
const KEPT_JOBS = 50;

export interface ReportControls {
  /** The project's newest finished job, whose report the summary opens; null when it has none. */
  lastJob: JobInfo | null;
  error: string | null;
  /** Opens a job's HTML report in the system's browser (a short-lived link from the helper). */
  open(jobId: number): void;
}

/** View report: after a job, and from the summary for the project's last job. */
export function useReport(host: Host, connection: HelperConnection, paired: boolean, projectName: string | null, projectPath: string | null): ReportControls {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!paired || projectName === null) return;
    let live = true;
    connection.request('jobs', {}).then(
      (answer) => live && setJobs(answer.jobs),
      () => undefined, // the summary simply offers no report
    );
    return () => {
      live = false;
    };
  }, [connection, paired, projectName]);
  useEffect(
    () =>
      connection.onEvent((event) => {
        if (event.type === 'job.finished') setJobs((current) => [...current.filter((j) => j.id !== event.job.id), event.job].slice(-KEPT_JOBS));
      }),
    [connection],
  );

  const open = useCallback(
    (jobId: number) => {
      setError(null);
      connection
        .request('report', { jobId })
        .then((answer) => {
          if (answer.link === undefined) throw new Error('this helper cannot give the browser a link: update it');
          return host.openExternal(reportPageUrl(connection.url, answer.link));
        })
        .catch((e: unknown) => setError(`The report cannot be opened: ${errorText(e)}`));
    },
    [connection, host],
  );

  return { lastJob: lastProjectJob(jobs, projectName, projectPath), error, open };
}
