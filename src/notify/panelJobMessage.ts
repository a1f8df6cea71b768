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

/** The desktop notification of a job a panel started that ended while no panel was shown. */
export function panelJobMessage(job: JobInfo): NotificationMessage {
  const failed = job.result?.failed.length ?? 0;
  const files = job.result?.files ?? 0;
  const lines = [
    ...(job.error !== null ? [job.error] : []),
    ...(job.result !== null ? [`${files} ${files === 1 ? 'file' : 'files'}${failed > 0 ? `, ${failed} ${failed === 1 ? 'failure' : 'failures'}` : ''}`] : []),
    'Open the Threefold panel to see the result.',
  ];
  return { event: 'panel.job', title: `Threefold: ${KIND_NAMES[job.kind]} ${STATE_WORDS[job.state]}: ${job.title}`, lines, count: 1 };
}
