// Notifications reaching real receivers on loopback: `threefold notify test` to an HTTP server (the
// webhook's JSON body) and an SMTP server over STARTTLS and over implicit TLS (smtp-server, a self-signed
// certificate made by openssl and given as caFile), receivers that are down (retried, then reported), the
// desktop kind with and without a notifier, and the secrets (the SMTP password, the webhook's token) in
// no output.
import fs from 'node:fs';
import path from 'node:path';
import { closedPort } from '../helpers/closedPort';
import { runCli, runCliAsync } from '../helpers/cli';
import { smtpReceiver, webhookReceiver } from '../helpers/notifyReceivers';
import { makeTempDir } from '../helpers/tempDir';

const PASSWORD = 'Fake-Smtp-Secret-7f3a9c';
const WEBHOOK_PATH = '/services/T0001/B0002/FakeWebhookToken9d1e';

let temp: ReturnType<typeof makeTempDir>;
let home: string;
const closers: Array<() => Promise<void>> = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
  fs.mkdirSync(home, { recursive: true });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  temp.cleanup();
});

function writeNotifications(notifications: unknown): void {
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ notifications }, null, 2));
}

const email = (port: number, caFile: string, tls: 'starttls' | 'implicit' = 'starttls') => ({
  host: '127.0.0.1',
  port,
  tls,
  from: 'threefold@example.com',
  to: ['editor@example.com', 'assistant@example.com'],
  user: 'threefold',
  passwordEnv: 'THREEFOLD_TEST_SMTP_PASSWORD',
  caFile,
});

describe('threefold notify test', () => {
  it('sends one webhook and one e-mail (STARTTLS), says each was sent, and shows no secret', async () => {
    const webhook = await webhookReceiver();
    closers.push(webhook.close);
    const smtp = await smtpReceiver({ certDir: temp.dir, user: 'threefold', password: PASSWORD });
    closers.push(smtp.close);
    writeNotifications({ webhook: { url: webhook.url(WEBHOOK_PATH) }, email: email(smtp.port, smtp.caFile) });

    const r = await runCliAsync(home, ['notify', 'test'], { env: { THREEFOLD_TEST_SMTP_PASSWORD: PASSWORD } });
    expect(r.stdout).toBe(`webhook (127.0.0.1:${new URL(webhook.url('/')).port}): sent (1 try)\ne-mail (127.0.0.1:${smtp.port}): sent (1 try)\n`);
    expect(r.code).toBe(0);

    expect(webhook.received).toEqual([
      {
        path: WEBHOOK_PATH,
        contentType: 'application/json',
        body: {
          text: 'Threefold: test notification\n- Notifications reach you here.',
          threefold: { event: 'job.finished', title: 'Threefold: test notification', lines: ['Notifications reach you here.'], count: 1 },
        },
      },
    ]);

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail).toMatchObject({ from: 'threefold@example.com', to: ['editor@example.com', 'assistant@example.com'], user: 'threefold', secure: true });
    const [headers, body] = mail.raw.split('\r\n\r\n', 2) as [string, string];
    expect(headers).toMatch(/^Subject: Threefold: test notification$/m);
    expect(headers).toMatch(/^From: threefold@example\.com$/m);
    expect(headers).toMatch(/^To: editor@example\.com, assistant@example\.com$/m);
    expect(body.trim()).toBe('Threefold: test notification\r\n- Notifications reach you here.');

    for (const secret of [PASSWORD, 'FakeWebhookToken9d1e']) {
      expect(r.stdout + r.stderr).not.toContain(secret);
      expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).not.toContain(PASSWORD);
    }
  });

  it('sends over implicit TLS too', async () => {
    const smtp = await smtpReceiver({ certDir: temp.dir, user: 'threefold', password: PASSWORD, implicit: true });
    closers.push(smtp.close);
    writeNotifications({ email: email(smtp.port, smtp.caFile, 'implicit') });
    const r = await runCliAsync(home, ['notify', 'test'], { env: { THREEFOLD_TEST_SMTP_PASSWORD: PASSWORD } });
    expect(r.stdout).toBe(`e-mail (127.0.0.1:${smtp.port}): sent (1 try)\n`);
    expect(r.code).toBe(0);
    expect(smtp.received.map((m) => m.secure)).toEqual([true]);
  });

  it('retries receivers that are down, then reports each failure and exits 1', async () => {
    const webhookPort = await closedPort();
    const smtpPort = await closedPort();
    writeNotifications({
      webhook: { url: `http://127.0.0.1:${webhookPort}${WEBHOOK_PATH}` },
      email: { ...email(smtpPort, path.join(temp.dir, 'unused.pem')), caFile: undefined },
    });
    const r = await runCliAsync(home, ['notify', 'test'], { env: { THREEFOLD_TEST_SMTP_PASSWORD: PASSWORD } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `webhook (127.0.0.1:${webhookPort}): try 1 failed (webhook (127.0.0.1:${webhookPort}) not reached: ECONNREFUSED); trying again in 1 s`,
    );
    expect(r.stderr).toMatch(/webhook .*: try 2 failed .*; trying again in 2 s/);
    expect(r.stderr).toMatch(new RegExp(`e-mail \\(127.0.0.1:${smtpPort}\\): try 2 failed \\(.*ECONNREFUSED`));
    expect(r.stdout).toContain(`webhook (127.0.0.1:${webhookPort}): FAILED after 3 tries: webhook (127.0.0.1:${webhookPort}) not reached: ECONNREFUSED\n`);
    expect(r.stdout).toMatch(new RegExp(`e-mail \\(127.0.0.1:${smtpPort}\\): FAILED after 3 tries: .*ECONNREFUSED`));
    for (const secret of [PASSWORD, 'FakeWebhookToken9d1e']) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('reports a refused login once (no retry) without the password, and a missing password variable', async () => {
    const smtp = await smtpReceiver({ certDir: temp.dir, user: 'threefold', password: 'the-right-one' });
    closers.push(smtp.close);
    writeNotifications({ email: email(smtp.port, smtp.caFile) });
    const refused = await runCliAsync(home, ['notify', 'test'], { env: { THREEFOLD_TEST_SMTP_PASSWORD: PASSWORD } });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^e-mail \(127\.0\.0\.1:\d+\): FAILED after 1 try: .*EAUTH.*Invalid username or password/);
    expect(refused.stdout + refused.stderr).not.toContain(PASSWORD);

    const unset = await runCliAsync(home, ['notify', 'test'], { env: { THREEFOLD_TEST_SMTP_PASSWORD: '' } });
    expect(unset.code).toBe(1);
    expect(unset.stdout).toContain('the environment variable THREEFOLD_TEST_SMTP_PASSWORD (the SMTP password) is not set');
    expect(smtp.received).toEqual([]);
  });

  it('refuses a password in config.json (exit 2) without printing it, and says when nothing is configured', () => {
    writeNotifications({ email: { host: '127.0.0.1', from: 'a@example.com', to: ['b@example.com'], user: 'a', passwordEnv: 'X', password: PASSWORD } });
    const r = runCli(home, ['notify', 'test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notifications.email.password: the SMTP password never goes in config.json');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);

    writeNotifications({});
    const none = runCli(home, ['notify', 'test']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no notifications are configured');
  });
});

describe('desktop notifications', () => {
  it('fail softly on a machine without a notifier: reported, not retried, exit 1', () => {
    const emptyPath = fs.mkdirSync(path.join(temp.dir, 'empty-bin'), { recursive: true })!;
    writeNotifications({ desktop: true });
    const r = runCli(home, ['notify', 'test'], { env: { PATH: emptyPath } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^desktop: FAILED after 1 try: no desktop notification: this machine has no desktop notifier \(not found: notify-send\)\n$/);
  });

  it('run the OS tool node-notifier calls (notify-send on Linux) with the message', () => {
    // This machine has no notify-send: a stand-in on PATH records the arguments node-notifier gives it.
    const bin = fs.mkdirSync(path.join(temp.dir, 'bin'), { recursive: true })!;
    const args = path.join(temp.dir, 'notify-send.args');
    fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${args}'\n`, { mode: 0o755 });
    writeNotifications({ desktop: true });
    const r = runCli(home, ['notify', 'test'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(r.stdout).toBe('desktop: sent (1 try)\n');
    expect(r.code).toBe(0);
    const given = fs.readFileSync(args, 'utf8').split('\n');
    expect(given).toContain('Threefold: test notification');
    expect(given).toContain('Notifications reach you here.');
  });
});
