/** Where the panel stands with the helper, and what each answer to `hello` means for it. */
import type { ErrorCode } from '../../src/protocol/messages';

export type ConnectionState =
  | { kind: 'connecting' }
  /** The helper is not reachable; the panel tries again every few seconds. */
  | { kind: 'offline'; reason: string }
  /** The helper runs but refused the connection (its Origin or Host check): its reason says how to fix it. */
  | { kind: 'refused'; reason: string }
  /** Connected, no valid token: the pairing view. */
  | { kind: 'unpaired'; notice: string | null }
  | { kind: 'paired'; helperVersion: string }
  /** The helper speaks another protocol version: one of them must be updated; no retry helps. */
  | { kind: 'incompatible'; message: string };

/** Shown whenever the helper cannot be reached: the command that starts it. */
export const HELPER_OFFLINE_TEXT = 'Start Threefold helper: threefold helper';

/**
 * First run, no helper answering: where to download it and how to start it, one sentence per platform
 * (the files `npm run package` puts in the downloads, INSTALL.txt's steps). Setup then shows the code.
 */
export const HELPER_INSTALL_STEPS: ReadonlyArray<{ platform: string; sentence: string }> = [
  {
    platform: 'macOS',
    sentence:
      'Download threefold-macos-arm64 (Apple silicon) or threefold-macos-x64 (Intel) from the Threefold downloads, where this panel came from, and double-click “Threefold Setup.command” beside it (INSTALL.txt shows how).',
  },
  {
    platform: 'Windows',
    sentence: 'Download threefold-windows-x64.exe from the Threefold downloads and double-click a shortcut to it whose target ends in “ setup”.',
  },
  { platform: 'Linux', sentence: 'Download threefold-linux-x64 from the Threefold downloads and run ./threefold-linux-x64 setup in a terminal.' },
];

/** What setup leaves for the panel: one code. */
export const PAIRING_AFTER_SETUP = 'Setup starts the helper at every login and shows a pairing code: this panel then asks for it, once.';

/** The address a WebSocket URL's helper answers plain HTTP on (its refusals are readable there). */
export function httpUrlOf(wsUrl: string): string {
  return wsUrl.replace(/^ws(s?):/i, 'http$1:');
}

export const REVOKED_NOTICE = 'This panel is no longer paired with the helper (its pairing was revoked): pair again.';

export type HelloOutcome = { paired: boolean; helperVersion: string } | { errorCode: ErrorCode | 'closed' | 'invalid-response'; message: string };

export interface HelloVerdict {
  state: ConnectionState;
  /** The stored token is no good: forget it. */
  clearToken: boolean;
  /** Close this connection and try again later. */
  retry: boolean;
}

export function helloVerdict(outcome: HelloOutcome, sentToken: boolean): HelloVerdict {
  if ('paired' in outcome) {
    if (outcome.paired) return { state: { kind: 'paired', helperVersion: outcome.helperVersion }, clearToken: false, retry: false };
    return { state: { kind: 'unpaired', notice: null }, clearToken: false, retry: false };
  }
  switch (outcome.errorCode) {
    case 'unauthorized':
      // The helper has heard hello (only the token was refused): pairing can go on over this connection.
      return { state: { kind: 'unpaired', notice: sentToken ? REVOKED_NOTICE : null }, clearToken: sentToken, retry: false };
    case 'protocol-version':
    case 'invalid-response':
      return { state: { kind: 'incompatible', message: outcome.message }, clearToken: false, retry: false };
    default:
      return { state: { kind: 'offline', reason: outcome.message }, clearToken: false, retry: true };
  }
}
