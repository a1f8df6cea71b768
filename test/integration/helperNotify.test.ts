// The helper's notifications on real failed protects (a copy path too long for its destination), to an
// HTTP server on loopback: the message's JSON body, repeated failures grouped into one message, a
// receiver down retried then reported in the log, and a receiver that never answers holding no job.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HelperClient } from '../../src/protocol/helperClient';
import type { HelperEvent, JobInfo } from '../../src/protocol/messages';
import type { RunningHelper } from '../../native-helper/service/helperServer';
import type { NotifierOptions } from '../../native-helper/notify/notifier';
import { closedPort } from '../helpers/closedPort';
import { runCli } from '../helpers/cli';
import { pairedClient, recordEvents, startTestHelper } from '../helpers/helperHarness';
import { smtpReceiver, webhookReceiver } from '../helpers/notifyReceivers';
import { makeTempDir, writeFile } from '../helpers/tempDir';

/** Linux's PATH_MAX, and what a root needs below it for Threefold's own files. */
const PATH_MAX = 4096;
const ROOM = 150;
const TOKEN = 'FakeWebhookToken4b7c';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let clip: string;
let helper: RunningHelper | undefined;
let client: HelperClient | undefined;
const logLines: string[] = [];
const closers: Array<() => Promise<void>> = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  clip = writeFile(path.join(temp.dir, 'Media', 'Day 1'.padEnd(200, '.'), 'clip.mov'), 'clip');
  // A destination root under which the clip's copy path is too long: every protect of the clip fails.
  let deep = temp.dir;
  for (let room = PATH_MAX - ROOM - deep.length; room > 1; room = PATH_MAX - ROOM - deep.length) deep = path.join(deep, 'd'.repeat(Math.min(200, room - 1)));
  fs.mkdirSync(deep, { recursive: true });
  expect(runCli(home, ['dest', 'add', 'deep', deep, '--media', 'hdd']).code).toBe(0);
  logLines.length = 0;
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await helper?.close();
  helper = undefined;
  for (const close of closers.splice(0)) await close();
  temp.cleanup();
});

function configureWebhook(url: string): void {
  const file = path.join(home, 'config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...config, notifications: { webhook: { url } } }));
}

async function start(tuning: Required<Pick<NotifierOptions, 'throttle' | 'retry' | 'timeoutMs'>>): Promise<ReturnType<typeof recordEvents>> {
  helper = await startTestHelper({ home, port: 0, log: (line) => logLines.push(line), notifierTuning: tuning });
  client = (await pairedClient(helper.port, home)).client;
  return recordEvents(client);
}

async function failedProtect(events: ReturnType<typeof recordEvents>): Promise<JobInfo> {
  const { job } = await client!.request('protect', { targets: [clip] });
  const finished = (await events.next((e: HelperEvent) => e.type === 'job.finished' && e.job.id === job.id)) as { job: JobInfo };
  expect(finished.job.state).toBe('failed');
  return finished.job;
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; log:\n${logLines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const quickRetry = { attempts: 3, firstDelayMs: 100, maxDelayMs: 200 };

describe('the helper notifies', () => {
  it('a failed protect, by webhook: the job, its failed file and the destination’s reason', async () => {
    const webhook = await webhookReceiver();
    closers.push(webhook.close);
    configureWebhook(webhook.url(`/hooks/${TOKEN}`));
    const events = await start({ throttle: { gatherMs: 100, windowMs: 60_000, maxSamples: 20 }, retry: quickRetry, timeoutMs: 5000 });
    const job = await failedProtect(events);
    await until('the webhook', () => webhook.received.length === 1);
    const body = webhook.received[0]!.body as { text: string; threefold: { event: string; title: string; lines: string[]; count: number } };
    const report = { path: path.join(home, 'reports', `job-${job.id}.html`), url: `http://127.0.0.1:${helper!.port}/reports/job-${job.id}.html` };
    expect(body.threefold).toEqual({
      event: 'job.failed',
      title: `Threefold: protect failed: ${job.title}`,
      lines: [expect.stringMatching(new RegExp(`^${clip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} on deep: cannot write .*ENAMETOOLONG`))],
      count: 1,
      report,
    });
    expect(body.text.startsWith(`Threefold: protect failed: ${job.title}\n- ${clip} on deep:`)).toBe(true);
    expect(body.text.endsWith(`\nReport: ${report.path}\nReport in the helper: ${report.url}`)).toBe(true);
    // The file is the job's report, and the helper serves the same page at the URL to a paired client.
    expect(fs.readFileSync(report.path, 'utf8')).toContain(`job ${job.id}`);
    const reader = await pairedClient(helper!.port, home, 'reader');
    reader.client.close();
    const served = await fetch(report.url, { headers: { 'x-threefold-token': reader.token } });
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(fs.readFileSync(report.path, 'utf8'));
  });

  it('repeated failures of one job as one message, and holds the next until its window (sent at shutdown)', async () => {
    const webhook = await webhookReceiver();
    closers.push(webhook.close);
    configureWebhook(webhook.url(`/hooks/${TOKEN}`));
    const events = await start({ throttle: { gatherMs: 3000, windowMs: 60_000, maxSamples: 20 }, retry: quickRetry, timeoutMs: 5000 });
    for (let i = 0; i < 3; i++) await failedProtect(events);
    await until('the grouped message', () => webhook.received.length === 1);
    const first = webhook.received[0]!.body as { threefold: { title: string; count: number } };
    expect(first.threefold.count).toBe(3);
    expect(first.threefold.title).toMatch(/^Threefold: protect failed \(3 times\): /);

    await failedProtect(events);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(webhook.received).toHaveLength(1);
    await helper!.close();
    helper = undefined;
    expect(webhook.received).toHaveLength(2);
    expect((webhook.received[1]!.body as { threefold: { count: number } }).threefold.count).toBe(1);
  });

  it('to a receiver that is down: retried with backoff, then reported in the log, without its token', async () => {
    const port = await closedPort();
    configureWebhook(`http://127.0.0.1:${port}/hooks/${TOKEN}`);
    const events = await start({ throttle: { gatherMs: 0, windowMs: 60_000, maxSamples: 20 }, retry: quickRetry, timeoutMs: 5000 });
    await failedProtect(events);
    await until('the report', () => logLines.some((l) => l.includes('NOT DELIVERED')));
    const notes = logLines.filter((l) => l.includes('notification'));
    expect(notes).toEqual([
      `notification by webhook (127.0.0.1:${port}): try 1 failed (webhook (127.0.0.1:${port}) not reached: ECONNREFUSED); trying again in 0.1 s`,
      `notification by webhook (127.0.0.1:${port}): try 2 failed (webhook (127.0.0.1:${port}) not reached: ECONNREFUSED); trying again in 0.2 s`,
      expect.stringMatching(
        new RegExp(`^notification "Threefold: protect failed: .*" by webhook \\(127\\.0\\.0\\.1:${port}\\) NOT DELIVERED after 3 tries: .*ECONNREFUSED$`),
      ),
    ]);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('without holding jobs: a receiver that never answers leaves the queue running', async () => {
    const webhook = await webhookReceiver({ hang: true });
    closers.push(webhook.close);
    configureWebhook(webhook.url(`/hooks/${TOKEN}`));
    const events = await start({
      throttle: { gatherMs: 0, windowMs: 0, maxSamples: 20 },
      retry: { attempts: 2, firstDelayMs: 100, maxDelayMs: 100 },
      timeoutMs: 3000,
    });
    await failedProtect(events);
    await until('the first try', () => webhook.requests() === 1);
    // The notifier now waits for an answer that never comes; the next jobs run meanwhile.
    await failedProtect(events);
    await failedProtect(events);
    expect(webhook.requests()).toBe(1);
    expect(logLines.filter((l) => l.includes('notification'))).toEqual([]);
    await until('the report', () => logLines.some((l) => l.includes('NOT DELIVERED')));
    expect(logLines.find((l) => l.includes('try 1 failed'))).toMatch(/not reached: no answer within 3 s/);
  });
});

describe("a job's report in its notification", () => {
  it('e-mail carries the HTML report attached and the file and URL in its text', async () => {
    const password = 'Fake-Smtp-Secret-77aa';
    process.env.THREEFOLD_TEST_HELPER_SMTP = password;
    const smtp = await smtpReceiver({ certDir: temp.dir, user: 'threefold', password });
    closers.push(smtp.close);
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const email = {
      host: '127.0.0.1',
      port: smtp.port,
      from: 'threefold@example.com',
      to: ['editor@example.com'],
      user: 'threefold',
      passwordEnv: 'THREEFOLD_TEST_HELPER_SMTP',
      caFile: smtp.caFile,
    };
    fs.writeFileSync(file, JSON.stringify({ ...config, notifications: { email } }));
    try {
      const events = await start({ throttle: { gatherMs: 0, windowMs: 60_000, maxSamples: 20 }, retry: quickRetry, timeoutMs: 5000 });
      const job = await failedProtect(events);
      await until('the mail', () => smtp.received.length === 1);
      const report = path.join(home, 'reports', `job-${job.id}.html`);
      // Python's email package reads the MIME message: an independent parser.
      const script = [
        'import email,json,sys',
        'm=email.message_from_string(sys.stdin.read())',
        'parts=[{"type":p.get_content_type(),"filename":p.get_filename(),"body":p.get_payload(decode=True).decode("utf-8")} for p in m.walk() if not p.is_multipart()]',
        'print(json.dumps(parts))',
      ].join('\n');
      const parts = JSON.parse(execFileSync('python3', ['-c', script], { input: smtp.received[0]!.raw, encoding: 'utf8' })) as Array<{
        type: string;
        filename: string | null;
        body: string;
      }>;
      expect(parts.map((p) => [p.type, p.filename])).toEqual([
        ['text/plain', null],
        ['text/html', `job-${job.id}.html`],
      ]);
      // Mail text travels with CRLF line ends.
      expect(parts[0]!.body.replaceAll('\r\n', '\n')).toContain(
        `Report: ${report}\nReport in the helper: http://127.0.0.1:${helper!.port}/reports/job-${job.id}.html`,
      );
      expect(parts[1]!.body).toBe(fs.readFileSync(report, 'utf8'));
    } finally {
      delete process.env.THREEFOLD_TEST_HELPER_SMTP;
    }
  });
});

describe('the notifier the scheduler, scrubs and deadlines call', () => {
  it('sends their events as the switches say, by webhook and e-mail, and logs no secret', async () => {
    const password = 'Fake-Smtp-Secret-51e0';
    process.env.THREEFOLD_TEST_HELPER_SMTP = password;
    const webhook = await webhookReceiver();
    closers.push(webhook.close);
    const smtp = await smtpReceiver({ certDir: temp.dir, user: 'threefold', password });
    closers.push(smtp.close);
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const notifications = {
      on: { overdue: false },
      webhook: { url: webhook.url(`/hooks/${TOKEN}`) },
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        from: 'threefold@example.com',
        to: ['editor@example.com'],
        user: 'threefold',
        passwordEnv: 'THREEFOLD_TEST_HELPER_SMTP',
        caFile: smtp.caFile,
      },
    };
    fs.writeFileSync(file, JSON.stringify({ ...config, notifications }));
    try {
      await start({ throttle: { gatherMs: 50, windowMs: 60_000, maxSamples: 20 }, retry: quickRetry, timeoutMs: 5000 });
      const notifier = helper!.notifier;
      notifier.notify({ type: 'overdue', items: [{ subject: '/m/a.mov', reason: 'no offsite copy 26 h after it appeared' }] });
      notifier.notify({ type: 'scrub.failed', destination: 'deep', failures: [{ path: '/m/b.mov', destination: 'deep', error: 'hash differs' }] });
      notifier.notify({ type: 'drill.failed', jobId: null, error: null, failures: [{ path: '/m/c.mov', destination: 'deep', error: 'missing' }] });
      await until('two messages each way', () => webhook.received.length === 2 && smtp.received.length === 2);
      await helper!.notifier.idle();
      const titles = webhook.received.map((r) => (r.body as { threefold: { title: string } }).threefold.title).sort();
      expect(titles).toEqual(['Threefold: a restore drill failed', 'Threefold: a scrub found bad copies on deep']);
      const subjects = smtp.received.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1]).sort();
      expect(subjects).toEqual(titles);
      expect(smtp.received.map((m) => m.secure)).toEqual([true, true]);
      expect(logLines.join('\n')).not.toContain(password);
      expect(logLines.join('\n')).not.toContain(TOKEN);
    } finally {
      delete process.env.THREEFOLD_TEST_HELPER_SMTP;
    }
  });
});
