import { useEffect, useState } from 'react';
import type { Badges } from '../../../src/protocol/badges';
import { HelperRequestError } from '../../../src/protocol/helperClient';
import type { AssetStatusMessage, HostProject } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import type { Host, HostClip, HostProjectInfo } from '../../host/host';
import { mergeStatuses, NO_STATUSES, statusesFromBadges, type AssetStatuses } from '../../model/assetStatuses';
import { buildHostProject, sameHostProject } from '../../model/hostProject';
import { RescanScheduler } from '../../model/rescanScheduler';
import { errorText } from './errorText';

/** Quiet time after the last project change before rescanning (an edit fires many 'dirty' events). */
export const RESCAN_DELAY_MS = 1000;
/** A quiet project is rescanned this long after its last rescan (changes no event announces). */
export const RESCAN_PERIOD_MS = 60_000;
/** Live asset statuses are applied in batches: a job records many files a second. */
const STATUS_BATCH_MS = 100;

/** A project's clips with the statuses of one full `status` answer (live updates not included). */
export interface CheckedProject {
  projectId: string;
  clips: readonly HostClip[];
  statuses: AssetStatuses;
}

export interface ProjectStatus {
  /** null when no project is open. */
  info: HostProjectInfo | null;
  clips: readonly HostClip[];
  /** What status and protect send; null when the project uses no file. */
  hostProject: HostProject | null;
  statuses: AssetStatuses;
  /** The host has been read at least once. */
  read: boolean;
  loading: boolean;
  error: string | null;
  /** The last full status (what the host's badges show: useHostBadges.ts); null until one arrives. */
  checked: CheckedProject | null;
}

const INITIAL: ProjectStatus = { info: null, clips: [], hostProject: null, statuses: NO_STATUSES, read: false, loading: false, error: null, checked: null };

/**
 * The open project and the helper's status of its files: read when paired, again (debounced) when the
 * project changes, at once when it is switched or closed, and after every finished job; live statuses in
 * between.
 */
export function useProjectStatus(host: Host, connection: HelperConnection, paired: boolean): ProjectStatus {
  const [status, setStatus] = useState<ProjectStatus>(INITIAL);

  useEffect(() => {
    if (!paired) return undefined;
    // The helper keeps the last project sent under a name: unchanged, it is asked for by that name.
    let sent: { project: HostProject; name: string } | null = null;
    const askBadges = async (hostProject: HostProject): Promise<Badges> => {
      if (sent !== null && sameHostProject(sent.project, hostProject)) {
        try {
          return await connection.request('badges', { project: sent.name });
        } catch (error) {
          if (!(error instanceof HelperRequestError && error.code === 'not-found')) throw error;
        }
      }
      const badges = await connection.request('badges', { host: hostProject });
      sent = badges.project === undefined ? null : { project: hostProject, name: badges.project };
      return badges;
    };
    const load = async (): Promise<void> => {
      setStatus((s) => ({ ...s, loading: true }));
      try {
        const info = await host.project();
        const clips = info ? await host.listClips() : [];
        const hostProject = info ? buildHostProject(info, clips) : null;
        // The clips show at once; statuses of another project do not carry over.
        setStatus((s) => {
          const same = s.info?.id === info?.id;
          return { ...s, info, clips, hostProject, read: true, statuses: same ? s.statuses : NO_STATUSES, checked: same ? s.checked : null };
        });
        if (!info || !hostProject) {
          setStatus((s) => ({ ...s, loading: false, error: null }));
          return;
        }
        const statuses = statusesFromBadges(await askBadges(hostProject));
        setStatus((s) => ({ ...s, statuses, loading: false, error: null, checked: { projectId: info.id, clips, statuses } }));
      } catch (error) {
        setStatus((s) => ({ ...s, loading: false, error: errorText(error) }));
      }
    };

    const scheduler = new RescanScheduler(load, RESCAN_DELAY_MS, undefined, RESCAN_PERIOD_MS);
    const unfollowHost = host.onProjectChanged((change) => {
      if (change === 'dirty') scheduler.request();
      else void scheduler.runNow();
    });

    let batch: AssetStatusMessage[] = [];
    let batchTimer: ReturnType<typeof setTimeout> | undefined;
    const unfollowHelper = connection.onEvent((event) => {
      if (event.type === 'job.finished' || event.type === 'badges.changed') void scheduler.runNow();
      if (event.type !== 'asset.status') return;
      batch.push(event.asset);
      batchTimer ??= setTimeout(() => {
        const updates = batch;
        batch = [];
        batchTimer = undefined;
        setStatus((s) => ({ ...s, statuses: mergeStatuses(s.statuses, updates) }));
      }, STATUS_BATCH_MS);
    });

    void scheduler.runNow();
    return () => {
      unfollowHost();
      unfollowHelper();
      scheduler.dispose();
      clearTimeout(batchTimer);
    };
  }, [host, connection, paired]);

  return status;
}
