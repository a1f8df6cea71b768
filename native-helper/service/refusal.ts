import type { ErrorCode } from '../../src/protocol/messages';

/** A request refused with a protocol error code other than `failed` (which is what a UserError becomes). */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
