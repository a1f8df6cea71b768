/**
 * Spectrum Web Components take their colors from an enclosing `<sp-theme>`: the page gets one whose color
 * follows the host's theme (`document.theme`, which the simulated host provides, as UXP's widgets follow
 * Premiere's), and the browser build's own stylesheet.
 */
import { followTheme } from '../followTheme';

export function themeRoot(document: Document, window: Window): HTMLElement {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = 'web.css';
  document.head.appendChild(link);

  const theme = document.createElement('sp-theme');
  theme.setAttribute('system', 'spectrum');
  theme.setAttribute('scale', 'medium');
  theme.className = 'theme';
  followTheme(document, window, (kind) => theme.setAttribute('color', kind));

  const container = document.createElement('div');
  container.className = 'root';
  theme.appendChild(container);
  document.body.appendChild(theme);
  return container;
}
