import { webhookBody, type NotificationMessage } from '../../src/notify/notificationMessage';
import { DeliveryError } from './deliveryError';

/** The webhook by its host only: its path is often the secret (Slack and Teams put the token there). */
export function describeWebhook(url: string): string {
  try {
    return `webhook (${new URL(url).host})`;
  } catch {
    return 'webhook';
  }
}

/** POSTs the message's JSON; a 2xx answer is delivered, 4xx lasting (retrying meets the same refusal), the rest retried. */
export async function sendWebhook(url: string, message: NotificationMessage, timeoutMs: number): Promise<void> {
  const host = describeWebhook(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookBody(message)),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new DeliveryError(`${host} not reached: ${networkReason(error, timeoutMs)}`, false);
  }
  // The answer's body is read and dropped: it may echo the request.
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const lasting = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw new DeliveryError(`${host} answered HTTP ${response.status}`, lasting);
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
