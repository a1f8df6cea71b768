import { formatBytes } from '../../../src/format/formatBytes';
import { proportionBar, STATE_NAMES, summaryHeadline, summaryStates, type ClipSummary } from '../../model/clipSummary';
import { Button } from '../spectrum/Button';

/** Clips per state with their bytes, and the proportion bar; View report opens the project's last job's report. */
export function Summary({ summary, onViewReport }: { summary: ClipSummary; onViewReport?: (() => void) | undefined }) {
  return (
    <div className="summary" data-testid="summary">
      <sp-body class="summary-headline" data-testid="summary-headline">
        {summaryHeadline(summary)}
      </sp-body>
      <div className="bar" data-testid="summary-bar">
        {proportionBar(summary).map((segment) => (
          <div
            key={segment.state}
            className={`bar-segment state-${segment.state}`}
            style={{ width: `${segment.percent}%` }}
            data-state={segment.state}
            title={`${summary.byState[segment.state].clips} ${STATE_NAMES[segment.state]}`}
          ></div>
        ))}
      </div>
      <div className="summary-states">
        {summaryStates(summary).map((state) => {
          const total = summary.byState[state];
          return (
            <span key={state} className="summary-item" data-testid={`summary-${state}`} data-count={total.clips}>
              <span className={`dot state-${state}`}></span>
              {total.clips} {STATE_NAMES[state]}
              {total.bytes > 0 ? <span className="muted"> · {formatBytes(total.bytes)}</span> : null}
            </span>
          );
        })}
      </div>
      {onViewReport ? (
        <Button variant="secondary" quiet small onPress={onViewReport} testId="summary-report">
          View report
        </Button>
      ) : null}
    </div>
  );
}
