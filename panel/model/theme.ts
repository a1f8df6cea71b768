/**
 * Which colors the panel draws with. Premiere's theme comes from UXP's `document.theme` (getCurrent, and
 * onUpdated when the editor changes it): "darkest", "dark", "medium", "light" or "lightest". The browser
 * build's simulated host provides the same object; the system's light or dark setting is the fallback.
 */
export type ThemeKind = 'dark' | 'light';

/** The kind of a host theme's name; null for a name this does not know. */
export function themeKind(name: unknown): ThemeKind | null {
  if (typeof name !== 'string') return null;
  const n = name.toLowerCase();
  if (n === 'light' || n === 'lightest') return 'light';
  if (n === 'dark' || n === 'darkest' || n === 'medium') return 'dark';
  return null;
}

/** UXP's `document.theme`, the part the panel uses. */
export interface HostTheme {
  getCurrent(): string;
  onUpdated: { addListener(listener: (theme: string) => void): void; removeListener(listener: (theme: string) => void): void };
}
