/**
 * The helper's port as the panel's settings hold it. Premiere lets a panel reach only the origins its
 * manifest lists (requiredPermissions.network.domains), so the manifest lists these ports; another one
 * needs the manifest's documented fallback, `"domains": "all"`.
 */
import { DEFAULT_HELPER_PORT } from '../../src/protocol/constants';

/** The ports manifest.json allows, on 127.0.0.1 and localhost, for ws and http. */
export const MANIFEST_HELPER_PORTS: readonly number[] = [DEFAULT_HELPER_PORT, DEFAULT_HELPER_PORT + 1, DEFAULT_HELPER_PORT + 2];

/** The helper's WebSocket on loopback at this port. */
export function helperUrlForPort(port: number): string {
  return `ws://127.0.0.1:${port}`;
}

export function isHelperPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** A port as typed in the settings, or why it is not one. */
export function parseHelperPort(typed: string): { port: number } | { error: string } {
  const text = typed.trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return isHelperPort(port) ? { port } : { error: `Type the port the helper listens on, a number from 1 to 65535 (threefold helper --port N).` };
}

/** What to tell an editor who picks a port the manifest does not list, or null. */
export function helperPortNote(port: number): string | null {
  if (MANIFEST_HELPER_PORTS.includes(port)) return null;
  return `Premiere lets the panel reach ports ${MANIFEST_HELPER_PORTS.join(', ')} only: for port ${port}, set "domains": "all" in the panel's manifest.json (see the README).`;
}
