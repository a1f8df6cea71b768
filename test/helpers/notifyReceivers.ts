// Real receivers on loopback for the notification tests: an HTTP server taking webhooks, an SMTP server
// (the smtp-server package) taking mail over TLS with a self-signed certificate made by openssl.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedWebhook {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

/**
 * An HTTP server on 127.0.0.1: answers each POST with the next status of `statuses` (200 once they run
 * out), or never answers when `hang` is set; records what it received.
 */
export async function webhookReceiver(options: { statuses?: number[]; hang?: boolean } = {}): Promise<{
  url: (pathname: string) => string;
  received: ReceivedWebhook[];
  requests: () => number;
  close: () => Promise<void>;
}> {
  const statuses = [...(options.statuses ?? [])];
  const received: ReceivedWebhook[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (options.hang) return;
      const status = statuses.shift() ?? 200;
      if (status === 200)
        received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(status).end(status === 200 ? 'ok' : 'unavailable');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    received,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A self-signed certificate for 127.0.0.1 and localhost: key.pem and cert.pem in `dir`. */
export function selfSignedCertificate(dir: string): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}

export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
}

/**
 * An SMTP server on 127.0.0.1 that takes mail only over TLS (STARTTLS, or TLS from the first byte when
 * `implicit`) and only from `user` with `password`; records each message as sent.
 */
export async function smtpReceiver(options: { certDir: string; user: string; password: string; implicit?: boolean }): Promise<{
  port: number;
  caFile: string;
  received: ReceivedMail[];
  close: () => Promise<void>;
}> {
  const { key, cert } = selfSignedCertificate(options.certDir);
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: options.implicit === true,
    key: fs.readFileSync(key),
    cert: fs.readFileSync(cert),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, caFile: cert, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
