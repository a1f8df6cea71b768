import { formatBytes } from '../../../src/format/formatBytes';
import type { ClipRow } from '../../model/clipRows';
import { fileName } from '../../model/clipRows';
import { listedReports, reportHeadline, restorableRows } from '../../model/restorePlan';
import type { RestoreControls } from '../state/useRestore';
import { Button } from '../spectrum/Button';
import { JobPanel } from './JobPanel';

export interface RestoreSectionProps {
  rows: readonly ClipRow[];
  /** The clip selected in the list, if any. */
  selected: ClipRow | null;
  restore: RestoreControls;
}

const NOT_UNDOABLE = 'Premiere cannot undo this (Edit › Undo does not reverse it).';

/**
 * Getting missing media back: Restore for every missing clip or the selected one, the dry run's offer, the
 * warning that relinking cannot be undone, the job's progress, and per clip what was brought back.
 */
export function RestoreSection({ rows, selected, restore }: RestoreSectionProps) {
  const { step } = restore;
  switch (step.kind) {
    case 'idle':
      return <RestoreActions rows={rows} selected={selected} restore={restore} />;
    case 'planning':
      return (
        <div className="restore" data-testid="restore" data-step="planning">
          <sp-body size="XS" class="muted">
            Looking for the copies…
          </sp-body>
        </div>
      );
    case 'offer': {
      const { offer, to } = step;
      return (
        <div className="restore" data-testid="restore" data-step="offer">
          <sp-body class="strong" data-testid="restore-offer">
            {offer.headline}
          </sp-body>
          {offer.blocked.map((b) => (
            <div key={b.path} data-testid="restore-blocked">
              <sp-body class="error small" title={b.path}>
                {fileName(b.path)}: {b.why}
              </sp-body>
            </div>
          ))}
          {step.left > 0 ? <sp-body class="muted small">{step.left} more files wait for the next restore (at most 1,000 at once).</sp-body> : null}
          <sp-body class="warning small" data-testid="restore-undo-note">
            {to === null
              ? `Each file goes back where it was and Premiere brings its clip back online. ${NOT_UNDOABLE}`
              : `Premiere relinks each clip to its restored file under ${to}. ${NOT_UNDOABLE}`}
          </sp-body>
          <div className="actions">
            <Button variant="cta" onPress={restore.start} disabled={offer.empty} testId="restore-confirm">
              {to === null ? 'Restore' : 'Restore and relink'}
            </Button>
            {to === null ? (
              <Button variant="secondary" onPress={restore.chooseFolder} testId="restore-choose-folder">
                To another folder…
              </Button>
            ) : null}
            <Button variant="secondary" quiet onPress={restore.cancel} testId="restore-back">
              Cancel
            </Button>
          </div>
        </div>
      );
    }
    case 'running':
      return (
        <div className="restore" data-testid="restore" data-step="running">
          <JobPanel job={step.job} canRetry={false} onCancel={restore.cancel} onRetry={() => undefined} onDismiss={() => undefined} />
        </div>
      );
    case 'relinking':
      return (
        <div className="restore" data-testid="restore" data-step="relinking">
          <sp-body size="XS" class="muted">
            Bringing the clips back in Premiere…
          </sp-body>
        </div>
      );
    case 'done': {
      const totals = step.outcome?.totals;
      const { listed, more } = listedReports(step.reports);
      return (
        <div className="restore" data-testid="restore" data-step="done">
          <sp-body class="strong" data-testid="restore-result">
            {step.job.state === 'cancelled' ? 'Restore cancelled: ' : ''}
            {reportHeadline(step.reports)}
            {totals ? ` · ${formatBytes(totals.bytes)}` : ''}
          </sp-body>
          {step.job.error ? <sp-body class="error small">{step.job.error}</sp-body> : null}
          {listed.map((r) => (
            <div key={r.clipId} className="restore-clip" data-testid="restore-report" data-clip-id={r.clipId} data-outcome={r.outcome}>
              <sp-body class="strong small">{r.clipName}</sp-body>
              <sp-body class={r.outcome === 'online' || r.outcome === 'relinked' ? 'muted small path' : 'error small'}>{r.detail}</sp-body>
            </div>
          ))}
          {more > 0 ? <sp-body class="muted small">and {more} more clips done</sp-body> : null}
          <div className="actions">
            <Button variant="secondary" quiet small onPress={restore.dismiss} testId="restore-dismiss">
              Dismiss
            </Button>
          </div>
        </div>
      );
    }
    case 'error':
      return (
        <div className="restore" data-testid="restore" data-step="error">
          <sp-body class="error" data-testid="restore-error">
            {step.message}
          </sp-body>
          <Button variant="secondary" quiet small onPress={restore.dismiss} testId="restore-dismiss">
            Dismiss
          </Button>
        </div>
      );
  }
}

/** Restore for every missing clip, for the selected one; the plain word on a lost one. */
function RestoreActions({ rows, selected, restore }: RestoreSectionProps) {
  const missing = restorableRows(rows);
  const lostSelected = selected?.state === 'lost';
  if (missing.length === 0 && !lostSelected) return null;
  return (
    <div className="restore" data-testid="restore" data-step="idle">
      {lostSelected ? (
        <sp-body class="error small" data-testid="lost-note">
          No copy of {selected.file} exists: Threefold cannot restore it.
        </sp-body>
      ) : null}
      <div className="actions">
        {selected?.state === 'missing' && missing.length > 1 ? (
          <Button variant="primary" small onPress={() => restore.plan([selected])} testId="restore-clip">
            Restore {selected.name}
          </Button>
        ) : null}
        {missing.length > 0 ? (
          <Button variant="primary" small onPress={() => restore.plan(missing)} testId="restore-missing">
            {missing.length === 1 ? 'Restore the missing clip…' : `Restore ${missing.length} missing clips…`}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
