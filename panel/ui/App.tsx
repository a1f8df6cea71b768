import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HelperConnection } from '../connection/helperConnection';
import { RETRY_SECONDS } from '../connection/helperConnection';
import type { Host } from '../host/host';
import type { PanelSettingsStore } from '../host/panelSettingsStore';
import { clipRows } from '../model/clipRows';
import { projectWithOnly } from '../model/hostProject';
import { badgeOptions } from '../model/panelSettings';
import { checkPairingCode } from '../model/pairingCode';
import { isFinished, offlineMedia } from '../model/jobResult';
import { errorText } from './state/errorText';
import { missedJobToShow } from '../model/projectJobs';
import type { JobInfo } from '../../src/protocol/messages';
import { useAutoProtect } from './state/useAutoProtect';
import { useConnectionState } from './state/useConnectionState';
import { usePanelPresence } from './state/usePanelPresence';
import { useReport } from './state/useReport';
import { useDestinations } from './state/useDestinations';
import { useHostBadges } from './state/useHostBadges';
import { useHostSelection } from './state/useHostSelection';
import { useDrill } from './state/useDrill';
import { useJob } from './state/useJob';
import { useNow } from './state/useNow';
import { usePanelSettings } from './state/usePanelSettings';
import { useProjectStatus } from './state/useProjectStatus';
import { useRestore } from './state/useRestore';
import { ConnectingView } from './views/ConnectingView';
import { DestinationsView } from './views/DestinationsView';
import { HelperOfflineView } from './views/HelperOfflineView';
import { HelperRefusedView } from './views/HelperRefusedView';
import { IncompatibleView } from './views/IncompatibleView';
import { MainView } from './views/MainView';
import { PairingView } from './views/PairingView';
import { SettingsView } from './views/SettingsView';

export interface AppProps {
  host: Host;
  connection: HelperConnection;
  settingsStore: PanelSettingsStore;
  /** The helper's URL at a port set in the settings (each build knows where its helper is). */
  helperUrlForPort(port: number): string;
}

type Screen = 'destinations' | 'settings' | 'main';

/** The panel: which view shows, from the connection's state, and the state each view is given. */
export function App({ host, connection, settingsStore, helperUrlForPort }: AppProps) {
  const state = useConnectionState(connection);
  const paired = state.kind === 'paired';
  const destinations = useDestinations(connection, paired);
  const project = useProjectStatus(host, connection, paired);
  const job = useJob(connection, paired, project.hostProject);
  const restore = useRestore(connection, host, paired);
  const drill = useDrill(connection, paired, project.hostProject);
  const offlinePaths = useMemo(() => offlineMedia(project.hostProject), [project.hostProject]);
  const settings = usePanelSettings(settingsStore);
  const { change: changeSettings, settings: current } = settings;
  // Only a new port moves the connection: the browser build's helper is the page's, whatever port is stored.
  const onSettingsChange = useCallback(
    (next: typeof current) => {
      changeSettings(next);
      if (next.helperPort !== current.helperPort) connection.setUrl(helperUrlForPort(next.helperPort));
    },
    [changeSettings, current, connection, helperUrlForPort],
  );
  const options = useMemo(() => badgeOptions(settings.settings), [settings.settings]);
  const badgeError = useHostBadges(host, project.checked, options);
  const labelChoices = useMemo(() => host.colorLabelChoices(), [host]);
  const now = useNow(30_000);
  const projectPath = project.info?.path ?? null;
  const projectName = project.hostProject?.name ?? project.info?.name ?? null;
  const autoProtect = useAutoProtect(connection, paired, projectPath, now);
  const report = useReport(host, connection, paired, projectName, projectPath);
  const { showMissed } = job;
  const onMissed = useCallback(
    (missed: JobInfo[]) => {
      const shown = missedJobToShow(missed, projectName, projectPath);
      if (shown) showMissed(shown);
    },
    [showMissed, projectName, projectPath],
  );
  usePanelPresence(host, connection, paired, onMissed);
  const rows = useMemo(() => clipRows(project.clips, project.statuses), [project.clips, project.statuses]);
  const loadCopies = useCallback(
    async (paths: string[]) => {
      const few = project.hostProject === null ? null : projectWithOnly(project.hostProject, paths);
      return few === null ? [] : (await connection.request('status', { host: few })).assets;
    },
    [connection, project.hostProject],
  );

  const hostSelection = useHostSelection(host);
  const { verify } = job;
  const copyActions = useMemo(
    () => ({
      onVerify: verify,
      reveal: async (path: string, destination: string) => void (await connection.request('reveal', { path, destination })),
      copyText: (text: string) => host.copyText(text),
    }),
    [verify, connection, host],
  );

  const [pairing, setPairing] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  // The first run (just paired, or nothing configured) goes through the destinations; later runs open on the project.
  const justPaired = useRef(false);
  const [screen, setScreen] = useState<Screen | null>(null);
  const pair = useCallback(
    (typed: string) => {
      const checked = checkPairingCode(typed);
      if ('error' in checked) {
        setPairing({ busy: false, error: checked.error });
        return;
      }
      setPairing({ busy: true, error: null });
      connection.pair(checked.code).then(
        () => {
          justPaired.current = true;
          setPairing({ busy: false, error: null });
        },
        (e: unknown) => setPairing({ busy: false, error: errorText(e) }),
      );
    },
    [connection],
  );

  const list = destinations.destinations;
  useEffect(() => {
    // A list that cannot be read shows in the destinations view, with its error.
    if (paired && screen === null && (list !== null || destinations.error !== null)) {
      setScreen(justPaired.current || list === null || list.length === 0 ? 'destinations' : 'main');
    }
  }, [paired, screen, list, destinations.error]);

  switch (state.kind) {
    case 'connecting':
      return <ConnectingView />;
    case 'offline':
      return <HelperOfflineView helperUrl={connection.url} reason={state.reason} retrySeconds={RETRY_SECONDS} onRetry={() => connection.retryNow()} />;
    case 'refused':
      return <HelperRefusedView helperUrl={connection.url} reason={state.reason} retrySeconds={RETRY_SECONDS} onRetry={() => connection.retryNow()} />;
    case 'incompatible':
      return <IncompatibleView message={state.message} />;
    case 'unpaired':
      return <PairingView notice={state.notice} error={pairing.error} busy={pairing.busy} onPair={pair} />;
    case 'paired':
      break;
  }
  if (screen === null) return <ConnectingView />;
  if (screen === 'destinations') {
    return (
      <DestinationsView
        destinations={list}
        verdicts={destinations.verdicts}
        error={destinations.error}
        adding={destinations.adding}
        onAdd={destinations.add}
        onTest={destinations.test}
        onRemove={destinations.remove}
        onDone={() => setScreen('main')}
        now={now}
      />
    );
  }
  if (screen === 'settings') {
    return (
      <SettingsView settings={settings.settings} choices={labelChoices} error={settings.error} onChange={onSettingsChange} onDone={() => setScreen('main')} />
    );
  }
  const running = job.job !== null && !isFinished(job.job);
  return (
    <MainView
      projectName={project.info ? (project.hostProject?.name ?? project.info.name) : null}
      rows={rows}
      projectFile={projectPath === null ? null : (project.statuses.get(projectPath) ?? null)}
      loadCopies={loadCopies}
      copyActions={copyActions}
      hostSelection={hostSelection}
      loading={project.loading}
      statusError={project.error}
      warning={badgeError}
      job={job.job}
      protectError={job.error}
      canProtect={project.hostProject !== null && !running}
      canRetry={job.retry !== null && !running}
      now={now}
      onProtect={() => project.hostProject && job.protect(project.hostProject)}
      onCancel={job.cancel}
      onRetryFailures={() => job.retry && job.protect(job.retry)}
      onDismissJob={job.dismiss}
      onOpenDestinations={() => {
        destinations.reload();
        setScreen('destinations');
      }}
      onOpenSettings={() => setScreen('settings')}
      restore={restore}
      drill={drill}
      offlinePaths={offlinePaths}
      autoProtect={autoProtect}
      report={report}
      jobMissed={job.missed}
    />
  );
}
