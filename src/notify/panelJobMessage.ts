import type { JobInfo } from '../protocol/messages';
import type { NotificationMessage } from './notificationMessage';

const KIND_NAMES: Record<JobInfo['kind'], string> = {
  protect: 'Protect',
  verify: 'Verify',
  restore: 'Restore',
  rebuild: 'Catalog rebuild',
  drill: 'Restore test',
  scrub: 'Scrub',
};

const STATE_WORDS: Record<JobInfo['state'], string> = {
  queued: 'is waiting',
  running: 'is running',
  succeeded: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/**
 * The desktop notification of a job a panel started that ended while no panel was shown. A failure of a file
 * the panel showed offline (`offline`), with no destination named, is the panel's warning, not a failure:
 * a protect that failed only there is done, as the panel says.
 */
export function panelJobMessage(job: JobInfo, offline: readonly string[] = []): NotificationMessage {
  const failures = job.result?.failed ?? [];
  const offlineFailed = new Set(failures.filter((f) => f.destination === null && offline.includes(f.path)).map((f) => f.path));
  const failed = failures.filter((f) => !(f.destination === null && offlineFailed.has(f.path))).length;
  const files = job.result?.files ?? 0;
  const onlyOffline = job.state === 'failed' && job.result !== null && job.error === null && failed === 0 && offlineFailed.size > 0;
  const counts = [
    `${files} ${files === 1 ? 'file' : 'files'}`,
    ...(failed > 0 ? [`${failed} ${failed === 1 ? 'failure' : 'failures'}`] : []),
    ...(offlineFailed.size > 0 ? [`${offlineFailed.size} ${offlineFailed.size === 1 ? 'clip' : 'clips'} offline, not copied`] : []),
  ];
  const lines = [
    ...(job.error !== null ? [job.error] : []),
    ...(job.result !== null ? [counts.join(', ')] : []),
    'Open the Threefold panel to see the result.',
  ];
  const state = onlyOffline ? 'done' : STATE_WORDS[job.state];
  return { event: 'panel.job', title: `Threefold: ${KIND_NAMES[job.kind]} ${state}: ${job.title}`, lines, count: 1 };
}
