import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { NotificationMessage } from '../../src/notify/notificationMessage';
import { messageText } from '../../src/notify/notificationMessage';
import type { EmailSettings } from '../../src/notify/notificationSettings';
import { DeliveryError } from './deliveryError';

/** A report larger than this is linked, not attached: mail servers commonly refuse messages past 10–25 MB. */
export const MAX_ATTACHED_REPORT_BYTES = 10 * 1000 * 1000;

export function describeEmail(settings: EmailSettings): string {
  return `e-mail (${settings.host}:${settings.port})`;
}

/**
 * Sends the message over SMTP with TLS, always: STARTTLS is required on a `starttls` server (a server
 * that does not offer it is refused), `implicit` speaks TLS from the first byte. The password is read
 * from the environment variable the settings name, at the moment of sending, and goes nowhere else.
 */
export async function sendEmail(settings: EmailSettings, message: NotificationMessage, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const where = describeEmail(settings);
  let auth: { user: string; pass: string } | undefined;
  if (settings.user !== undefined && settings.passwordEnv !== undefined) {
    const pass = env[settings.passwordEnv];
    if (pass === undefined || pass === '')
      throw new DeliveryError(`${where}: the environment variable ${settings.passwordEnv} (the SMTP password) is not set`, true);
    auth = { user: settings.user, pass };
  }
  let ca: string | undefined;
  if (settings.caFile !== undefined) {
    try {
      ca = fs.readFileSync(settings.caFile, 'utf8');
    } catch (error) {
      throw new DeliveryError(`${where}: cannot read caFile ${settings.caFile}: ${(error as Error).message}`, true);
    }
  }
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    requireTLS: settings.tls === 'starttls',
    ...(auth ? { auth } : {}),
    ...(ca ? { tls: { ca } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const attachment = attachedReport(message);
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: message.title,
      text: `${messageText(message)}\n`,
      ...(attachment ? { attachments: [attachment] } : {}),
    });
  } catch (error) {
    const e = error as Error & { code?: string; responseCode?: number; response?: string };
    // A refused login or a refused address meets the same answer next time; a connection may come back.
    const lasting = e.code === 'EAUTH' || (e.responseCode !== undefined && e.responseCode >= 500);
    throw new DeliveryError(`${where}: ${e.code ? `${e.code}: ` : ''}${withoutSecret(e.message, auth?.pass)}`, lasting);
  } finally {
    transport.close();
  }
}

/**
 * The job's HTML report as an attachment (self-contained: it opens in any mail client's browser), read now;
 * none when the message has no HTML report file, or it is gone or too large (the text links it either way).
 */
function attachedReport(message: NotificationMessage): { filename: string; content: Buffer; contentType: string } | undefined {
  const file = message.report?.path;
  if (file == null || !file.endsWith('.html')) return undefined;
  try {
    if (fs.statSync(file).size > MAX_ATTACHED_REPORT_BYTES) return undefined;
    return { filename: path.basename(file), content: fs.readFileSync(file), contentType: 'text/html; charset=utf-8' };
  } catch {
    return undefined;
  }
}

/** A server's answer may echo what it was sent: the password never leaves in a message. */
function withoutSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
