/** Where the panel finds the helper's WebSocket. */
import { DEFAULT_HELPER_PORT } from '../../src/protocol/constants';

export const DEFAULT_HELPER_URL = `ws://127.0.0.1:${DEFAULT_HELPER_PORT}`;

/**
 * The browser build: the page's own origin (the helper serves it), or `?helper=ws://…` to point it at
 * another helper (development); a page not served over http(s) falls back to the default port.
 */
export function helperUrlForPage(location: { protocol: string; host: string; search: string }): string {
  const override = new URLSearchParams(location.search).get('helper');
  if (override !== null && /^wss?:\/\/[^/?#\s]+/i.test(override)) return override;
  if (location.protocol === 'http:' && location.host !== '') return `ws://${location.host}`;
  if (location.protocol === 'https:' && location.host !== '') return `wss://${location.host}`;
  return DEFAULT_HELPER_URL;
}
