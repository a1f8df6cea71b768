import { composeMessage, messageText, webhookBody } from '../../../src/notify/notificationMessage';
import { DEFAULT_NOTIFICATION_SETTINGS, configuredKinds, notificationSettingsSchema } from '../../../src/notify/notificationSettings';
import { eventOfJob, groupKey, isWanted, type NotifyEvent } from '../../../src/notify/notifyEvents';
import { retryDelay } from '../../../src/notify/retrySchedule';
import type { JobInfo } from '../../../src/protocol/messages';

const job = (state: JobInfo['state'], kind: JobInfo['kind'] = 'protect', failed: number = 0): JobInfo => ({
  id: 7,
  kind,
  state,
  title: 'Ferry Doc.prproj',
  createdAt: '2026-12-07T10:00:00.000Z',
  finishedAt: '2026-12-07T10:01:00.000Z',
  progress: null,
  error: null,
  result: {
    files: 3,
    bytes: 10,
    seconds: 1,
    upToDate: 0,
    failed: Array.from({ length: failed }, (_, i) => ({ path: `/m/clip${i}.mov`, destination: 'raid', error: 'disk full' })),
  },
});

describe('notification settings', () => {
  it('notify failures and a hidden panel’s jobs by default, every job only when asked, and configure no kind', () => {
    expect(DEFAULT_NOTIFICATION_SETTINGS.on).toEqual({
      failedJob: true,
      failedScrub: true,
      failedDrill: true,
      overdue: true,
      everyJob: false,
      hiddenPanel: true,
    });
    expect(configuredKinds(DEFAULT_NOTIFICATION_SETTINGS)).toEqual([]);
  });

  it('refuse a password in the file, without repeating it', () => {
    const parsed = notificationSettingsSchema.safeParse({
      email: { host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'], password: 'hunter2' },
    });
    expect(parsed.success).toBe(false);
    const text = JSON.stringify(parsed.error!.issues.map((i) => i.message));
    expect(text).toMatch(/passwordEnv/);
    expect(text).not.toMatch(/hunter2/);
  });

  it('need passwordEnv with a user, a valid variable name, addresses and an http(s) webhook', () => {
    const email = { host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'] };
    expect(notificationSettingsSchema.safeParse({ email: { ...email, user: 'a' } }).success).toBe(false);
    expect(notificationSettingsSchema.safeParse({ email: { ...email, user: 'a', passwordEnv: 'SMTP PASSWORD' } }).success).toBe(false);
    expect(notificationSettingsSchema.safeParse({ email: { ...email, to: [] } }).success).toBe(false);
    expect(notificationSettingsSchema.safeParse({ webhook: { url: 'ftp://example.com/x' } }).success).toBe(false);
    const ok = notificationSettingsSchema.parse({
      desktop: true,
      webhook: { url: 'https://hooks.slack.com/services/T/B/X' },
      email: { ...email, user: 'a', passwordEnv: 'SMTP_PASSWORD' },
    });
    expect(ok.email).toMatchObject({ port: 587, tls: 'starttls' });
    expect(configuredKinds(ok)).toEqual(['desktop', 'webhook', 'email']);
  });
});

describe('events', () => {
  it('a failed job is a failed job, a failed drill a drill’s failure, anything else a finished job', () => {
    expect(eventOfJob(job('failed', 'protect', 2)).type).toBe('job.failed');
    expect(eventOfJob(job('failed', 'drill', 1)).type).toBe('drill.failed');
    expect(eventOfJob(job('failed', 'scrub', 1)).type).toBe('scrub.failed');
    expect(eventOfJob(job('succeeded')).type).toBe('job.finished');
    expect(eventOfJob(job('cancelled')).type).toBe('job.finished');
  });

  it('are wanted as the switches say', () => {
    const on = { ...DEFAULT_NOTIFICATION_SETTINGS.on };
    expect(isWanted(on, eventOfJob(job('failed')))).toBe(true);
    expect(isWanted(on, eventOfJob(job('succeeded')))).toBe(false);
    expect(isWanted({ ...on, everyJob: true }, eventOfJob(job('succeeded')))).toBe(true);
    expect(isWanted({ ...on, failedJob: false }, eventOfJob(job('failed')))).toBe(false);
    expect(isWanted({ ...on, overdue: false }, { type: 'overdue', items: [] })).toBe(false);
    expect(isWanted({ ...on, failedScrub: false }, { type: 'scrub.failed', destination: 'raid', failures: [] })).toBe(false);
  });

  it('group one job’s repeats together, apart from other jobs', () => {
    expect(groupKey(eventOfJob(job('failed')))).toBe(groupKey(eventOfJob({ ...job('failed'), id: 8 })));
    expect(groupKey(eventOfJob(job('failed')))).not.toBe(groupKey(eventOfJob({ ...job('failed'), title: 'Other.prproj' })));
  });
});

describe('messages', () => {
  it('say what failed, once per distinct line, at most ten lines and a count of the rest', () => {
    const e = eventOfJob(job('failed', 'protect', 14));
    const m = composeMessage({ key: groupKey(e), samples: [e, e], count: 2, firstAt: 0 });
    expect(m.title).toBe('Threefold: protect failed (2 times): Ferry Doc.prproj');
    expect(m.lines).toHaveLength(11);
    expect(m.lines[0]).toBe('/m/clip0.mov on raid: disk full');
    expect(m.lines[10]).toBe('and 4 more');
  });

  it('count the events beyond the samples', () => {
    const e: NotifyEvent = { type: 'overdue', items: [{ subject: '/m/a.mov', reason: 'no offsite copy 26 h after it appeared' }] };
    const m = composeMessage({ key: 'overdue', samples: [e], count: 5, firstAt: 0 });
    expect(m.lines).toEqual(['/m/a.mov: no offsite copy 26 h after it appeared', '4 more events not shown: see threefold jobs and status']);
  });

  it('go to a webhook as the text Slack and Teams show, and a structure', () => {
    const e: NotifyEvent = { type: 'scrub.failed', destination: 'raid', failures: [{ path: '/m/a.mov', destination: 'raid', error: 'hash differs' }] };
    const m = composeMessage({ key: groupKey(e), samples: [e], count: 1, firstAt: 0 });
    expect(webhookBody(m)).toEqual({
      text: 'Threefold: a scrub found bad copies on raid\n- /m/a.mov on raid: hash differs',
      threefold: { event: 'scrub.failed', title: 'Threefold: a scrub found bad copies on raid', lines: ['/m/a.mov on raid: hash differs'], count: 1 },
    });
    expect(messageText(m)).toBe(webhookBody(m).text);
  });

  it("link the job's report: the newest one of a group, in the text and the webhook's structure", () => {
    const report = (id: number) => ({ path: `/home/u/.threefold/reports/job-${id}.html`, url: `http://127.0.0.1:7431/reports/job-${id}.html` });
    const first = eventOfJob(job('failed', 'protect', 1), report(7));
    const second = eventOfJob({ ...job('failed', 'protect', 1), id: 8 }, report(8));
    const m = composeMessage({ key: groupKey(first), samples: [first, second], count: 2, firstAt: 0 });
    expect(m.report).toEqual(report(8));
    expect(webhookBody(m).threefold.report).toEqual(report(8));
    expect(messageText(m).split('\n').slice(-2)).toEqual([
      'Report: /home/u/.threefold/reports/job-8.html',
      'Report in the helper: http://127.0.0.1:7431/reports/job-8.html',
    ]);
    const drill = eventOfJob(job('failed', 'drill', 1), { path: null, url: report(9).url });
    const unwritten = composeMessage({ key: groupKey(drill), samples: [drill], count: 1, firstAt: 0 });
    expect(messageText(unwritten).split('\n').at(-1)).toBe('Report in the helper: http://127.0.0.1:7431/reports/job-9.html');
    expect(messageText(unwritten)).not.toContain('Report: ');
    const overdue = composeMessage({ key: 'overdue', samples: [{ type: 'overdue', items: [] }], count: 1, firstAt: 0 });
    expect(webhookBody(overdue).threefold).not.toHaveProperty('report');
  });
});

describe('retryDelay', () => {
  it('doubles from the first delay up to the largest, and ends with the tries', () => {
    const rule = { attempts: 6, firstDelayMs: 10, maxDelayMs: 50 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(rule, n))).toEqual([null, 10, 20, 40, 50, 50, null]);
  });
});
