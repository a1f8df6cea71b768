import { drillLine, drillsDueLine } from '../../model/drillSummary';
import type { DrillControls } from '../state/useDrill';
import { Button } from '../spectrum/Button';
import { JobPanel } from './JobPanel';

/** The last restore test's date and result, the destinations due one, and Restore test. */
export function DrillSummary({ drill, now }: { drill: DrillControls; now: Date }) {
  if (drill.last === undefined && drill.job === null) return null;
  const line = drill.last === undefined ? null : drillLine(drill.last, now);
  const due = drillsDueLine(drill.due);
  return (
    <div className="drill" data-testid="drill">
      {line ? (
        <div data-testid="drill-last" data-passed={String(line.passed)}>
          <sp-body class={`small ${line.passed === false ? 'error' : 'muted'}`}>{line.text}</sp-body>
        </div>
      ) : null}
      {due ? (
        <sp-body class="small warning" data-testid="drill-due">
          {due}
        </sp-body>
      ) : null}
      {drill.error ? <sp-body class="small error">{drill.error}</sp-body> : null}
      {drill.job ? (
        <JobPanel job={drill.job} canRetry={false} onCancel={drill.cancel} onRetry={() => undefined} onDismiss={() => undefined} />
      ) : (
        <Button variant="secondary" quiet small onPress={drill.run} testId="drill-button">
          Restore test
        </Button>
      )}
    </div>
  );
}
