/**
 * `document.theme` as UXP gives it inside Premiere, for the browser build: the theme in the page's URL
 * (`?theme=light`), else the system's setting; tests change it with `simulate`, as an editor would in
 * Premiere's settings.
 */
import type { HostTheme } from '../model/theme';

export class SimulatedTheme implements HostTheme {
  private readonly listeners = new Set<(theme: string) => void>();

  constructor(private current: string) {}

  /** The theme for a page: its `?theme=` parameter, else light or dark as the system says. */
  static forPage(search: string, systemIsLight: boolean): SimulatedTheme {
    return new SimulatedTheme(new URLSearchParams(search).get('theme') ?? (systemIsLight ? 'light' : 'dark'));
  }

  getCurrent(): string {
    return this.current;
  }

  readonly onUpdated = {
    addListener: (listener: (theme: string) => void): void => void this.listeners.add(listener),
    removeListener: (listener: (theme: string) => void): void => void this.listeners.delete(listener),
  };

  /** The editor picks another theme in Premiere. */
  simulate(theme: string): void {
    this.current = theme;
    for (const listener of [...this.listeners]) listener(theme);
  }
}
