import type { NotificationMessage } from '../../src/notify/notificationMessage';
import type { NotificationKind, NotificationSettings } from '../../src/notify/notificationSettings';
import { sendDesktop } from './desktopChannel';
import { describeEmail, sendEmail } from './emailChannel';
import { describeWebhook, sendWebhook } from './webhookChannel';

/** How each kind is named in logs and in `notify test`: never with its secret. */
export function describeKind(kind: NotificationKind, settings: NotificationSettings): string {
  if (kind === 'webhook' && settings.webhook) return describeWebhook(settings.webhook.url);
  if (kind === 'email' && settings.email) return describeEmail(settings.email);
  return kind;
}

/** Sends one message by one kind, once; throws a DeliveryError when it is not delivered. */
export async function sendByKind(kind: NotificationKind, settings: NotificationSettings, message: NotificationMessage, timeoutMs: number): Promise<void> {
  if (kind === 'desktop') return sendDesktop(message);
  if (kind === 'webhook' && settings.webhook) return sendWebhook(settings.webhook.url, message, timeoutMs);
  if (kind === 'email' && settings.email) return sendEmail(settings.email, message, timeoutMs);
  throw new Error(`${kind} notifications are not configured`);
}
