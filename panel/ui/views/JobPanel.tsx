import { type ReactElement, useState } from 'react';
import type { JobInfo } from '../../../src/protocol/messages';
import { overallProgress, progressViews, type DestinationProgressView } from '../../model/jobProgress';
import { isFinished, jobResultView } from '../../model/jobResult';
import { Button } from '../spectrum/Button';
import { ProgressBar } from '../spectrum/ProgressBar';

const RUNNING: Record<JobInfo['kind'], string> = {
  protect: 'Protecting…',
  verify: 'Verifying…',
  restore: 'Restoring…',
  rebuild: 'Rebuilding the catalog…',
  drill: 'Testing a restore…',
  scrub: 'Checking copies…',
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
  /** Opens the finished job's report in the browser; no button without it. */
  onViewReport?: (() => void) | undefined;
  /** It ended while the panel was hidden: the result says so. */
  missed?: boolean;
}

/**
 * A job (protect, verify, restore, drill): the whole job's bar with the file being copied, a row per
 * destination, Cancel; once done, what happened. It can be folded to its first line (its actions stay), so
 * the project keeps the room.
 */
export function JobPanel({ job, offlinePaths, canRetry, onCancel, onRetry, onDismiss, onViewReport, missed }: JobPanelProps) {
  const finished = isFinished(job);
  const [folded, setFolded] = useState(false);
  const destinations = progressViews(job);
  const overall = overallProgress(job);
  const fold = (
    <Button variant="secondary" quiet small onPress={() => setFolded(!folded)} testId="job-toggle">
      {folded ? 'Show' : 'Hide'}
    </Button>
  );
  return (
    <div className={folded ? 'job folded' : 'job'} data-testid="job" data-folded={folded ? 'true' : 'false'}>
      {finished ? null : (
        <div className="header job-header">
          <sp-body class="strong ellipsis">
            {job.state === 'queued' ? 'Waiting for the job before it…' : `${RUNNING[job.kind]}${folded && overall ? ` ${Math.floor(overall.percent)}%` : ''}`}
          </sp-body>
          <div className="header-actions">
            {fold}
            <Button variant="secondary" small onPress={onCancel} testId="cancel-button">
              Cancel
            </Button>
          </div>
        </div>
      )}
      {/* A finished job's outcome and actions first: in a small panel they are what stays in view. */}
      {finished ? (
        <JobResult
          job={job}
          offlinePaths={offlinePaths}
          folded={folded}
          fold={fold}
          canRetry={canRetry}
          onRetry={onRetry}
          onDismiss={onDismiss}
          onViewReport={onViewReport}
          missed={missed}
        />
      ) : null}
      {folded ? null : (
        <div className="job-progress" data-testid="job-progress" data-state={job.state}>
          {destinations.length === 0 && !finished ? (
            <sp-body size="XS" class="muted">
              Planning what to copy…
            </sp-body>
          ) : null}
          {overall ? (
            <div className="overall-progress" data-testid="overall-progress">
              <div className="progress-line">
                <sp-body size="XS" class="strong">
                  {overall.amount}
                </sp-body>
                <sp-body size="XS" class="muted" data-testid="overall-pace">
                  {overall.pace}
                </sp-body>
              </div>
              <ProgressBar percent={overall.percent} label={`All destinations: ${overall.percent}%`} />
              {overall.current ? (
                <sp-body size="XS" class="muted ellipsis" data-testid="current-file" title={overall.current}>
                  Copying {overall.current}
                </sp-body>
              ) : null}
            </div>
          ) : null}
          {destinations.map((d) => (
            <DestinationRow key={d.name} row={d} />
          ))}
        </div>
      )}
    </div>
  );
}

function DestinationRow({ row }: { row: DestinationProgressView }) {
  const pace = [row.rate, row.eta].filter((part) => part !== '').join(' · ');
  return (
    <div className={`destination-progress ${row.state}`} data-testid="destination-progress" data-name={row.name} data-state={row.state}>
      <div className="progress-line">
        <sp-body size="XS" class="strong ellipsis">
          {row.state === 'failed' ? (
            <span className="failed-mark" data-testid="failed-mark" role="img" aria-label="failed">
              ✕{' '}
            </span>
          ) : null}
          {row.name}
        </sp-body>
        <sp-body size="XS" class="muted" data-testid="destination-pace">
          {pace}
        </sp-body>
      </div>
      {row.percent === null ? null : <ProgressBar percent={row.percent} label={`${row.name}: ${row.percent}%`} />}
      <sp-body size="XS" class={row.state === 'failed' ? 'error' : 'muted'} data-testid="destination-amount">
        {row.amount}
      </sp-body>
    </div>
  );
}

interface JobResultProps extends Omit<JobPanelProps, 'onCancel'> {
  folded: boolean;
  fold: ReactElement;
}

function JobResult({ job, offlinePaths, folded, fold, canRetry, onRetry, onDismiss, onViewReport, missed }: JobResultProps) {
  const view = jobResultView(job, offlinePaths);
  const listed = folded ? [] : view.failures.slice(0, LISTED_FAILURES);
  return (
    <div className="job-result" data-testid="job-result" data-state={job.state}>
      <div className="header job-header">
        <sp-body
          class={`${job.state === 'succeeded' || view.done ? 'ok' : 'strong'}${folded ? ' ellipsis' : ''}`}
          data-testid="job-summary"
          title={view.summary}
        >
          {view.summary}
        </sp-body>
        {fold}
      </div>
      {missed && !folded ? (
        <sp-body size="XS" class="muted" data-testid="job-missed">
          Ended while the panel was hidden
        </sp-body>
      ) : null}
      {view.error && !folded ? <sp-body class="error">{view.error}</sp-body> : null}
      {folded
        ? null
        : view.offline.map((f) => (
            <div key={f.path} className="failure" data-testid="job-offline">
              <sp-body class="warning small" title={f.path}>
                {f.file}: offline in the project, not copied
              </sp-body>
            </div>
          ))}
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
      {!folded && view.failures.length > listed.length ? (
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
        {onViewReport ? (
          <Button variant="secondary" quiet small onPress={onViewReport} testId="view-report">
            View report
          </Button>
        ) : null}
        <Button variant="secondary" quiet small onPress={onDismiss} testId="dismiss-result">
          Dismiss
        </Button>
      </div>
    </div>
  );
}
