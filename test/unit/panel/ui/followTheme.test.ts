/** @jest-environment jsdom */
import { SimulatedTheme } from '../../../../panel/host/simulatedTheme';
import { themeKind } from '../../../../panel/model/theme';
import { followTheme } from '../../../../panel/ui/followTheme';

const classes = () => [...document.documentElement.classList].filter((c) => c.startsWith('theme-'));

/** A system setting, as matchMedia reports it. */
function systemSaying(light: boolean): Window {
  const query = { matches: light, addEventListener: () => undefined, removeEventListener: () => undefined };
  return { matchMedia: () => query } as unknown as Window;
}

afterEach(() => {
  delete (document as { theme?: unknown }).theme;
  document.documentElement.className = '';
});

describe("the panel follows Premiere's theme", () => {
  it.each([
    ['darkest', 'dark'],
    ['dark', 'dark'],
    ['medium', 'dark'],
    ['light', 'light'],
    ['lightest', 'light'],
    ['LIGHT', 'light'],
    ['sepia', null],
    [undefined, null],
  ])('%s is %s', (name, kind) => expect(themeKind(name)).toBe(kind));

  it("from document.theme, over the system's setting, and when the editor changes it", () => {
    const theme = new SimulatedTheme('lightest');
    Object.defineProperty(document, 'theme', { value: theme, configurable: true });
    const seen: string[] = [];
    const stop = followTheme(document, systemSaying(false), (kind) => seen.push(kind));
    expect(classes()).toEqual(['theme-light']);
    theme.simulate('darkest');
    expect(classes()).toEqual(['theme-dark']);
    stop();
    theme.simulate('light');
    expect(classes()).toEqual(['theme-dark']);
    expect(seen).toEqual(['light', 'dark']);
  });

  it("without document.theme, from the system's setting", () => {
    followTheme(document, systemSaying(true));
    expect(classes()).toEqual(['theme-light']);
  });

  it("the browser build's theme comes from the page's URL, else the system", () => {
    expect(SimulatedTheme.forPage('?theme=lightest', false).getCurrent()).toBe('lightest');
    expect(SimulatedTheme.forPage('', true).getCurrent()).toBe('light');
    expect(SimulatedTheme.forPage('?project=x', false).getCurrent()).toBe('dark');
  });
});
