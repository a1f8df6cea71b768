/**
 * Puts the theme's kind on the page (`theme-light` / `theme-dark` on the root element: panel.css takes its
 * colors from it) and keeps it current: from `document.theme` when the host has one (Premiere's UXP, the
 * simulated host), else from the system's light or dark setting. Returns the unsubscribe.
 */
import { themeKind, type HostTheme, type ThemeKind } from '../model/theme';

export function followTheme(document: Document, window: Window, onChange?: (kind: ThemeKind) => void): () => void {
  const root = document.documentElement;
  const apply = (kind: ThemeKind): void => {
    root.classList.toggle('theme-light', kind === 'light');
    root.classList.toggle('theme-dark', kind === 'dark');
    onChange?.(kind);
  };
  const host = (document as Document & { theme?: HostTheme }).theme;
  const system = window.matchMedia?.('(prefers-color-scheme: light)');
  const fromSystem = (): ThemeKind => (system?.matches ? 'light' : 'dark');
  if (host && typeof host.getCurrent === 'function') {
    const update = (theme: unknown): void => apply(themeKind(theme) ?? themeKind(host.getCurrent()) ?? fromSystem());
    update(host.getCurrent());
    host.onUpdated?.addListener(update);
    return () => host.onUpdated?.removeListener(update);
  }
  const update = (): void => apply(fromSystem());
  update();
  system?.addEventListener('change', update);
  return () => system?.removeEventListener('change', update);
}
