/**
 * Spectrum Web Components take their colors from an enclosing `<sp-theme>`: the page gets one whose color
 * follows the system's light or dark setting (as UXP's widgets follow Premiere's theme), and the browser
 * build's own stylesheet.
 */
const DARK = '(prefers-color-scheme: dark)';

export function themeRoot(document: Document, window: Window): HTMLElement {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = 'web.css';
  document.head.appendChild(link);

  const theme = document.createElement('sp-theme');
  theme.setAttribute('system', 'spectrum');
  theme.setAttribute('scale', 'medium');
  theme.className = 'theme';
  const dark = window.matchMedia(DARK);
  const follow = (): void => theme.setAttribute('color', dark.matches ? 'dark' : 'light');
  follow();
  dark.addEventListener('change', follow);

  const container = document.createElement('div');
  container.className = 'root';
  theme.appendChild(container);
  document.body.appendChild(theme);
  return container;
}
