import { useEffect, useMemo, useState } from 'react';
import type { AssetStatusMessage, JobInfo } from '../../../src/protocol/messages';
import type { KnownStatus } from '../../model/assetStatuses';
import { filterCounts, filterRows, type ClipFilter } from '../../model/clipFilter';
import type { ClipRow } from '../../model/clipRows';
import { summarizeClips } from '../../model/clipSummary';
import { clipListEntries, DEFAULT_CLIP_VIEW, type ClipViewOptions } from '../../model/clipView';
import { isFinished } from '../../model/jobResult';
import { Button } from '../spectrum/Button';
import type { AutoProtectControls } from '../state/useAutoProtect';
import type { DrillControls } from '../state/useDrill';
import type { ReportControls } from '../state/useReport';
import { AutoProtect } from './AutoProtect';
import type { RestoreControls } from '../state/useRestore';
import { ClipDetails, type CopyActions } from './ClipDetails';
import { DrillSummary } from './DrillSummary';
import { ClipList } from './ClipList';
import { ClipTools } from './ClipTools';
import { Filters } from './Filters';
import { JobPanel } from './JobPanel';
import { RestoreSection } from './RestoreSection';
import { StatusChip } from './StatusChip';
import { Summary } from './Summary';

export interface MainViewProps {
  /** null when no project is open. */
  projectName: string | null;
  rows: readonly ClipRow[];
  /** The project file's own status, once saved and checked. */
  projectFile: KnownStatus | null;
  loading: boolean;
  /** Why the status could not be read. */
  statusError: string | null;
  /** A secondary problem (the host's status column could not be written). */
  warning: string | null;
  job: JobInfo | null;
  /** Why protect was refused. */
  protectError: string | null;
  /** The project uses files and no job is running. */
  canProtect: boolean;
  canRetry: boolean;
  now: Date;
  /** Where the given files' copies are (the selected clip's details). */
  loadCopies(paths: string[]): Promise<AssetStatusMessage[]>;
  /** Verify, reveal, copy a path: what the selected clip's details offer. */
  copyActions: Omit<CopyActions, 'canVerify'>;
  /** The items selected in the host's project panel, newest selection (a clip selected there is selected here). */
  hostSelection: readonly string[];
  onProtect(): void;
  onCancel(): void;
  onRetryFailures(): void;
  onDismissJob(): void;
  onOpenDestinations(): void;
  onOpenSettings(): void;
  // ---- restore and the restore test (RestoreSection, DrillSummary)
  restore?: RestoreControls;
  drill?: DrillControls;
  /** The project's offline media: a protect's failure there is a warning (jobResult.ts). */
  offlinePaths?: ReadonlySet<string>;
  // ---- automation and reports
  autoProtect?: AutoProtectControls;
  report?: ReportControls;
  /** The job shown ended while the panel was hidden. */
  jobMissed?: boolean;
}

/** The project at a glance: summary, filter, the clip list and the selected clip, Protect project and its job. */
export function MainView(props: MainViewProps) {
  const { projectName, rows, projectFile, loading, statusError, warning, job, protectError, canProtect, canRetry, now } = props;
  const [filter, setFilter] = useState<ClipFilter>('all');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const summary = useMemo(() => summarizeClips(rows), [rows]);
  const counts = useMemo(() => filterCounts(rows), [rows]);
  const [view, setView] = useState<ClipViewOptions>(DEFAULT_CLIP_VIEW);
  const entries = useMemo(() => clipListEntries(filterRows(rows, filter), view), [rows, filter, view]);
  const selected = useMemo(() => (selectedId === null ? undefined : rows.find((r) => r.id === selectedId)), [rows, selectedId]);
  const running = job !== null && !isFinished(job);
  // One clip selected in Premiere's Project panel is the one shown here; several or none leave the list alone.
  const { hostSelection, report } = props;
  useEffect(() => {
    const [only] = hostSelection;
    if (hostSelection.length === 1 && only !== undefined && rows.some((r) => r.id === only)) setSelectedId(only);
  }, [hostSelection, rows]);

  return (
    <div className="view main">
      <div className="header">
        <sp-heading size="XS" class="ellipsis" data-testid="project-name" title={projectName ?? undefined}>
          {projectName ?? 'No project open'}
        </sp-heading>
        <div className="header-actions">
          <Button variant="secondary" quiet small onPress={props.onOpenDestinations} testId="open-destinations">
            Destinations
          </Button>
          <Button variant="secondary" quiet small onPress={props.onOpenSettings} testId="open-settings">
            Settings
          </Button>
        </div>
      </div>
      {/* Between the header and the footer: it scrolls when the panel is small, so Protect project stays in view. */}
      <div className="main-body" data-testid="main-body">
        {projectName === null ? (
          <sp-body class="muted">Open a project in Premiere Pro to see its clips.</sp-body>
        ) : (
          <>
            <Summary summary={summary} onViewReport={report?.lastJob ? () => report.open(report.lastJob!.id) : undefined} />
            {props.autoProtect ? <AutoProtect auto={props.autoProtect} /> : null}
            {report?.error ? (
              <sp-body size="XS" class="error" data-testid="report-error">
                {report.error}
              </sp-body>
            ) : null}
            {props.drill ? <DrillSummary drill={props.drill} now={now} /> : null}
            {projectFile ? (
              <div className="project-file" data-testid="project-file">
                <sp-detail class="muted">Project file</sp-detail>
                <StatusChip state={projectFile.state} label={projectFile.label} />
              </div>
            ) : null}
            {statusError ? (
              <sp-body class="error" data-testid="status-error">
                {statusError}
              </sp-body>
            ) : null}
            {warning ? (
              <sp-body size="XS" class="warning">
                {warning}
              </sp-body>
            ) : null}
            <Filters filter={filter} counts={counts} onChange={setFilter} />
            <ClipTools options={view} onChange={setView} />
            {/* A new filter, order or grouping starts at the top of its list. */}
            <ClipList
              key={`${filter}\u0000${view.sort}\u0000${view.groupByBin}`}
              entries={entries}
              showBins={!view.groupByBin}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
            {loading && rows.length === 0 ? (
              <sp-body size="XS" class="muted">
                Reading the project…
              </sp-body>
            ) : null}
            {selected ? (
              <ClipDetails
                row={selected}
                now={now}
                loadCopies={props.loadCopies}
                onClose={() => setSelectedId(null)}
                {...props.copyActions}
                canVerify={!running}
              />
            ) : null}
            {props.restore ? <RestoreSection rows={rows} selected={selected ?? null} restore={props.restore} /> : null}
          </>
        )}
      </div>
      {job ? (
        <JobPanel
          job={job}
          offlinePaths={props.offlinePaths}
          canRetry={canRetry}
          onCancel={props.onCancel}
          onRetry={props.onRetryFailures}
          onDismiss={props.onDismissJob}
          onViewReport={report && isFinished(job) ? () => report.open(job.id) : undefined}
          missed={props.jobMissed}
        />
      ) : null}
      {protectError ? (
        <sp-body class="error" data-testid="protect-error">
          {protectError}
        </sp-body>
      ) : null}
      <div className="footer">
        <Button variant="cta" onPress={props.onProtect} disabled={!canProtect || running} testId="protect-button">
          Protect project
        </Button>
      </div>
    </div>
  );
}
