import { useEffect, useRef, useState } from 'react';
import type { AssetStatusMessage, HostProject } from '../../../src/protocol/messages';
import type { HelperConnection } from '../../connection/helperConnection';
import type { Host, HostClip, HostProjectInfo } from '../../host/host';
import { mergeStatuses, NO_STATUSES, statusesFromDocument, type AssetStatuses } from '../../model/assetStatuses';
import { changedBadges, clipBadges, rememberBadges } from '../../model/clipBadges';
import { clipRows } from '../../model/clipRows';
import { buildHostProject } from '../../model/hostProject';
import { RescanScheduler } from '../../model/rescanScheduler';
import { errorText } from './errorText';

/** Quiet time after the last project change before rescanning (an edit fires many 'dirty' events). */
export const RESCAN_DELAY_MS = 1000;
/** Live asset statuses are applied in batches: a job records many files a second. */
const STATUS_BATCH_MS = 100;

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
  /** The badges could not be written into the host's project panel. */
  badgeError: string | null;
}

const INITIAL: ProjectStatus = { info: null, clips: [], hostProject: null, statuses: NO_STATUSES, read: false, loading: false, error: null, badgeError: null };

/**
 * The open project and the helper's status of its files: read when paired, again (debounced) when the
 * project changes, at once when it is switched or closed, and after every finished job; live statuses in
 * between. After each full status the host's badges are brought up to date.
 */
export function useProjectStatus(host: Host, connection: HelperConnection, paired: boolean): ProjectStatus {
  const [status, setStatus] = useState<ProjectStatus>(INITIAL);
  /** Per project id, the badges written so far. */
  const written = useRef(new Map<string, Map<string, string>>());

  useEffect(() => {
    if (!paired) return undefined;
    const load = async (): Promise<void> => {
      setStatus((s) => ({ ...s, loading: true }));
      try {
        const info = await host.project();
        const clips = info ? await host.listClips() : [];
        const hostProject = info ? buildHostProject(info, clips) : null;
        // The clips show at once; statuses of another project do not carry over.
        setStatus((s) => ({ ...s, info, clips, hostProject, read: true, statuses: s.info?.id === info?.id ? s.statuses : NO_STATUSES }));
        if (!info || !hostProject) {
          setStatus((s) => ({ ...s, loading: false, error: null }));
          return;
        }
        const statuses = statusesFromDocument(await connection.request('status', { host: hostProject }));
        setStatus((s) => ({ ...s, statuses, loading: false, error: null }));
        await writeBadges(info.id, clips, statuses);
      } catch (error) {
        setStatus((s) => ({ ...s, loading: false, error: errorText(error) }));
      }
    };
    const writeBadges = async (projectId: string, clips: readonly HostClip[], statuses: AssetStatuses): Promise<void> => {
      const before = written.current.get(projectId) ?? new Map<string, string>();
      const changed = changedBadges(before, clipBadges(clipRows(clips, statuses)));
      if (changed.length === 0) return;
      try {
        await host.showStatus(changed);
        written.current.set(projectId, rememberBadges(before, changed));
        setStatus((s) => ({ ...s, badgeError: null }));
      } catch (error) {
        setStatus((s) => ({ ...s, badgeError: `The status column could not be written: ${errorText(error)}` }));
      }
    };

    const scheduler = new RescanScheduler(load, RESCAN_DELAY_MS);
    const unfollowHost = host.onProjectChanged((change) => {
      if (change === 'dirty') scheduler.request();
      else void scheduler.runNow();
    });

    let batch: AssetStatusMessage[] = [];
    let batchTimer: ReturnType<typeof setTimeout> | undefined;
    const unfollowHelper = connection.onEvent((event) => {
      if (event.type === 'job.finished') void scheduler.runNow();
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
