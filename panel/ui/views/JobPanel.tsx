import type { JobInfo } from '../../../src/protocol/messages';
import { progressViews } from '../../model/jobProgress';
import { isFinished, jobResultView } from '../../model/jobResult';
import { Button } from '../spectrum/Button';
import { ProgressBar } from '../spectrum/ProgressBar';

const RUNNING: Record<JobInfo['kind'], string> = {
  protect: 'Protecting…',
  verify: 'Verifying…',
  restore: 'Restoring…',
  rebuild: 'Rebuilding the catalog…',
  drill: 'Testing a restore…',
};

/** Failures listed by name; the rest are counted (a failed disk can fail thousands of files). */
const LISTED_FAILURES = 50;

export interface JobPanelProps {
  job: JobInfo;
  /** The project's offline media: their failures are warnings, not the job's failures. */
  offlinePaths?: ReadonlySet<string>;
  canRetry: boolean;
  onCancel(): void;
  onRetry(): void;
  onDismiss(): void;
}

/** A job (protect, restore, drill): a progress bar per destination with rate and ETA, Cancel; once done, what happened. */
export function JobPanel({ job, offlinePaths, canRetry, onCancel, onRetry, onDismiss }: JobPanelProps) {
  const finished = isFinished(job);
  const destinations = progressViews(job.progress);
  return (
    <div className="job">
      <div className="job-progress" data-testid="job-progress" data-state={job.state}>
        {finished ? null : (
          <div className="header">
            <sp-body class="strong">{job.state === 'queued' ? 'Waiting for the job before it…' : RUNNING[job.kind]}</sp-body>
            <Button variant="secondary" onPress={onCancel} testId="cancel-button">
              Cancel
            </Button>
          </div>
        )}
        {destinations.length === 0 && !finished ? <sp-detail class="muted">Planning what to copy…</sp-detail> : null}
        {destinations.map((d) => (
          <div key={d.name} className="destination-progress" data-testid="destination-progress" data-name={d.name}>
            <div className="progress-line">
              <sp-detail class="strong ellipsis">{d.name}</sp-detail>
              <sp-detail class="muted">
                {d.rate}
                {d.eta ? ` · ${d.eta}` : ''}
              </sp-detail>
            </div>
            <ProgressBar percent={d.percent} label={`${d.name}: ${d.percent}%`} />
            <sp-detail class="muted">{d.amount}</sp-detail>
          </div>
        ))}
      </div>
      {finished ? <JobResult job={job} offlinePaths={offlinePaths} canRetry={canRetry} onRetry={onRetry} onDismiss={onDismiss} /> : null}
    </div>
  );
}

function JobResult({ job, offlinePaths, canRetry, onRetry, onDismiss }: Omit<JobPanelProps, 'onCancel'>) {
  const view = jobResultView(job, offlinePaths);
  const listed = view.failures.slice(0, LISTED_FAILURES);
  return (
    <div className="job-result" data-testid="job-result" data-state={job.state}>
      <sp-body class={job.state === 'succeeded' || view.done ? 'ok' : 'strong'}>{view.summary}</sp-body>
      {view.error ? <sp-body class="error">{view.error}</sp-body> : null}
      {view.offline.map((f) => (
        <div key={f.path} className="failure" data-testid="job-offline">
          <sp-body class="warning small" title={f.path}>
            {f.file}: offline in the project, not copied
          </sp-body>
        </div>
      ))}
      {listed.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole and never reordered: a row is its place
        <div key={`${i}`} className="failure" data-testid="job-failure">
          <sp-detail class="strong" title={f.path}>
            {f.file}
            {f.destination ? ` → ${f.destination}` : ''}
          </sp-detail>
          <sp-detail class="error">{f.error}</sp-detail>
        </div>
      ))}
      {view.failures.length > listed.length ? (
        <sp-detail class="muted">and {view.failures.length - listed.length} more (threefold jobs lists them all)</sp-detail>
      ) : null}
      <div className="actions">
        {canRetry ? (
          <Button variant="primary" onPress={onRetry} testId="retry-failures">
            Retry failures
          </Button>
        ) : null}
        <Button variant="secondary" quiet small onPress={onDismiss} testId="dismiss-result">
          Dismiss
        </Button>
      </div>
    </div>
  );
}
