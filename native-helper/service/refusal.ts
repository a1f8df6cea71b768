import { clientMessage } from '../../src/format/clientMessage';
import type { ErrorCode } from '../../src/protocol/messages';
import { UserError } from '../errors';

/** The HTTP status each protocol error code answers with; a refusal may name another (403, 405, 413…). */
const STATUS_OF: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  'protocol-version': 400,
  'rate-limited': 429,
  'not-found': 404,
  busy: 503,
  failed: 422,
  internal: 500,
};

/**
 * A request the helper does not answer with a result: its protocol code, the message the user reads, and
 * the HTTP status it has over HTTP. Both transports send it; a UserError and an unexpected exception
 * become one (`failed`, `internal`) before they reach a client. The message is put as a client shows it.
 */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = STATUS_OF[code],
  ) {
    super(clientMessage(message));
  }
}

/**
 * What a client is told of a failure: a refusal as it is, a UserError as `failed` with its message, and
 * anything else (a bug, a fault) as `internal`, logged with its stack under `what` failed.
 */
export function asRefusal(error: unknown, log: (line: string) => void, what: string): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof UserError) return new Refusal('failed', error.message);
  log(`${what} failed: ${(error as Error)?.stack ?? String(error)}`);
  return new Refusal('internal', `the helper failed: ${(error as Error)?.message ?? String(error)}`);
}
