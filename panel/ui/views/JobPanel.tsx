import type { JobInfo } from '../../../src/protocol/messages';
import { progressViews } from '../../model/jobProgress';
import { isFinished, jobResultView } from '../../model/jobResult';
import { Button } from '../spectrum/Button';
import { ProgressBar } from '../spectrum/ProgressBar';

/** Failures listed by name; the rest are counted (a failed disk can fail thousands of files). */
const LISTED_FAILURES = 50;

export interface JobPanelProps {
  job: JobInfo;
  canRetry: boolean;
  onCancel(): void;
  onRetry(): void;
  onDismiss(): void;
}

/** A protect job: a progress bar per destination with rate and ETA, Cancel; once done, what happened. */
export function JobPanel({ job, canRetry, onCancel, onRetry, onDismiss }: JobPanelProps) {
  const finished = isFinished(job);
  const destinations = progressViews(job.progress);
  return (
    <div className="job">
      <div className="job-progress" data-testid="job-progress" data-state={job.state}>
        {finished ? null : (
          <div className="header">
            <sp-body class="strong">{job.state === 'queued' ? 'Waiting for the job before it…' : 'Protecting…'}</sp-body>
            <Button variant="secondary" onPress={onCancel} testId="cancel-button">
              Cancel
            </Button>
          </div>
        )}
        {destinations.length === 0 && !finished ? (
          <sp-body size="XS" class="muted">
            Planning what to copy…
          </sp-body>
        ) : null}
        {destinations.map((d) => (
          <div key={d.name} className="destination-progress" data-testid="destination-progress" data-name={d.name}>
            <div className="progress-line">
              <sp-body size="XS" class="strong ellipsis">
                {d.name}
              </sp-body>
              <sp-body size="XS" class="muted">
                {d.rate}
                {d.eta ? ` · ${d.eta}` : ''}
              </sp-body>
            </div>
            <ProgressBar percent={d.percent} label={`${d.name}: ${d.percent}%`} />
            <sp-body size="XS" class="muted">
              {d.amount}
            </sp-body>
          </div>
        ))}
      </div>
      {finished ? <JobResult job={job} canRetry={canRetry} onRetry={onRetry} onDismiss={onDismiss} /> : null}
    </div>
  );
}

function JobResult({ job, canRetry, onRetry, onDismiss }: Omit<JobPanelProps, 'onCancel'>) {
  const view = jobResultView(job);
  const listed = view.failures.slice(0, LISTED_FAILURES);
  return (
    <div className="job-result" data-testid="job-result" data-state={job.state}>
      <sp-body class={job.state === 'succeeded' ? 'ok' : 'strong'}>{view.summary}</sp-body>
      {view.error ? <sp-body class="error">{view.error}</sp-body> : null}
      {listed.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole and never reordered: a row is its place
        <div key={`${i}`} className="failure" data-testid="job-failure">
          <sp-body size="XS" class="strong" title={f.path}>
            {f.file}
            {f.destination ? ` → ${f.destination}` : ''}
          </sp-body>
          <sp-body size="XS" class="error">
            {f.error}
          </sp-body>
        </div>
      ))}
      {view.failures.length > listed.length ? (
        <sp-body size="XS" class="muted">
          and {view.failures.length - listed.length} more (threefold jobs lists them all)
        </sp-body>
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
