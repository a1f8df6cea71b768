import type { GroupedMessage } from './grouping';
import { type FailedItem, type NotifyEvent, type ReportLink, reportOf } from './notifyEvents';

/** Lines of detail a message shows at most; the rest are counted. */
export const MAX_MESSAGE_LINES = 10;

/** One notification, whatever kind carries it. */
export interface NotificationMessage {
  /** The event type of the group ("job.failed", "overdue"…), or `panel.job`: a panel's job that ended while no panel was shown. */
  event: NotifyEvent['type'] | 'panel.job';
  title: string;
  lines: string[];
  /** How many events the message stands for. */
  count: number;
  /** The report of the newest job the message tells of that has one. */
  report?: ReportLink;
}

/** The message for a group of events of one key. */
export function composeMessage(group: GroupedMessage<NotifyEvent>): NotificationMessage {
  const first = group.samples[0];
  if (first === undefined) throw new Error('a message needs at least one event');
  const times = group.count > 1 ? ` (${group.count} times)` : '';
  const details: string[] = [];
  let title: string;
  switch (first.type) {
    case 'job.failed':
    case 'job.finished': {
      title = `Threefold: ${first.job.kind} ${first.job.state}${times}: ${first.job.title}`;
      for (const e of group.samples) {
        if (e.type !== first.type) continue;
        if (e.job.error) details.push(e.job.error);
        details.push(...e.job.failed.map(describeFailure));
      }
      break;
    }
    case 'scrub.failed':
      title = `Threefold: a scrub found bad copies${first.destination ? ` on ${first.destination}` : ''}${times}`;
      for (const e of group.samples) if (e.type === 'scrub.failed') details.push(...e.failures.map(describeFailure));
      break;
    case 'drill.failed':
      title = `Threefold: a restore drill failed${times}`;
      for (const e of group.samples) {
        if (e.type !== 'drill.failed') continue;
        if (e.error) details.push(e.error);
        details.push(...e.failures.map(describeFailure));
      }
      break;
    case 'overdue':
      title = 'Threefold: protection is overdue';
      for (const e of group.samples) if (e.type === 'overdue') details.push(...e.items.map((i) => `${i.subject}: ${i.reason}`));
      break;
  }
  const unique = [...new Set(details)];
  const lines = unique.slice(0, MAX_MESSAGE_LINES);
  if (unique.length > lines.length) lines.push(`and ${unique.length - lines.length} more`);
  if (group.count > group.samples.length) lines.push(`${group.count - group.samples.length} more events not shown: see threefold jobs and status`);
  const report = group.samples
    .map(reportOf)
    .reverse()
    .find((r) => r !== undefined);
  return { event: first.type, title, lines, count: group.count, ...(report ? { report } : {}) };
}

function describeFailure(f: FailedItem): string {
  return `${f.path}${f.destination ? ` on ${f.destination}` : ''}: ${f.error}`;
}

/** What `notify test` sends. */
export function testMessage(): NotificationMessage {
  return { event: 'job.finished', title: 'Threefold: test notification', lines: ['Notifications reach you here.'], count: 1 };
}

/** The plain text of a message: its title, its lines, then where its report is (the file, and the helper's page for a paired client). */
export function messageText(message: NotificationMessage): string {
  const report = message.report;
  const links = report ? [...(report.path !== null ? [`Report: ${report.path}`] : []), `Report in the helper: ${report.url}`] : [];
  return [message.title, ...message.lines.map((l) => `- ${l}`), ...links].join('\n');
}

/**
 * A webhook's JSON body: Slack and Microsoft Teams incoming webhooks show `text` and ignore the rest;
 * other receivers read `threefold`.
 */
export function webhookBody(message: NotificationMessage): {
  text: string;
  threefold: { event: string; title: string; lines: string[]; count: number; report?: ReportLink };
} {
  return {
    text: messageText(message),
    threefold: {
      event: message.event,
      title: message.title,
      lines: message.lines,
      count: message.count,
      ...(message.report ? { report: message.report } : {}),
    },
  };
}
