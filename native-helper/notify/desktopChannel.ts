import notifier from 'node-notifier';
import type { NotificationMessage } from '../../src/notify/notificationMessage';
import { DeliveryError } from './deliveryError';

/**
 * A desktop notification through the OS's own tool (notify-send, Notification Center, Windows toasts),
 * driven by node-notifier. A machine without one fails softly: the reason is reported, nothing else stops.
 */
export function sendDesktop(message: Pick<NotificationMessage, 'title' | 'lines'>): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      notifier.notify({ title: message.title, message: message.lines.join('\n') || message.title, wait: false }, (error) => {
        if (error) reject(new DeliveryError(`no desktop notification: ${desktopReason(error)}`, true));
        else resolve();
      });
    } catch (error) {
      reject(new DeliveryError(`no desktop notification: ${desktopReason(error)}`, true));
    }
  });
}

function desktopReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // `which` says "not found: notify-send" when the tool is missing.
  return /not found|must be installed|ENOENT/.test(text) ? `this machine has no desktop notifier (${text})` : text;
}
