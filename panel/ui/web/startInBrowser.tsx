/**
 * The panel in a browser (demo, end-to-end tests): the page is served by the helper, so it talks to the
 * page's own origin, and shows the simulated project (SimulatedHost.fromLocation). A port set in the
 * settings applies from then on in this page (a reload talks to the page's helper again).
 */
import { createRoot } from 'react-dom/client';
import { HelperConnection } from '../../connection/helperConnection';
import { PanelSettingsStore } from '../../host/panelSettingsStore';
import { SIMULATED_HOST_PROPERTY, SimulatedHost } from '../../host/simulatedHost';
import { SimulatedTheme } from '../../host/simulatedTheme';
import { WebTokenStore } from '../../host/webTokenStore';
import { helperUrlForPort } from '../../model/helperPort';
import { helperUrlForPage } from '../../model/helperUrl';
import { App } from '../App';
import { registerElements } from './registerElements';
import { themeRoot } from './themeRoot';

export async function startInBrowser(): Promise<void> {
  registerElements();
  // Premiere's UXP gives the page document.theme; the simulated host gives the browser build the same.
  if (!('theme' in document)) {
    const systemIsLight = window.matchMedia('(prefers-color-scheme: light)').matches;
    Object.defineProperty(document, 'theme', { value: SimulatedTheme.forPage(window.location.search, systemIsLight) });
  }
  const container = themeRoot(document, window);
  let host: SimulatedHost;
  try {
    host = await SimulatedHost.fromLocation(window.location);
  } catch (error) {
    container.textContent = `The simulated project cannot be shown: ${(error as Error).message}`;
    return;
  }
  // For the end-to-end tests only (test/e2e/panel.test.ts): the badges the panel wrote into the simulated
  // project panel, which the page does not show. Premiere's build has no such property.
  Object.defineProperty(window, SIMULATED_HOST_PROPERTY, { value: host });
  // A tab in the background is a panel hidden.
  document.addEventListener('visibilitychange', () => host.simulateVisibility(document.visibilityState === 'visible'));
  const connection = new HelperConnection({ url: helperUrlForPage(window.location), tokens: new WebTokenStore(), clientName: 'Threefold panel (browser)' });
  connection.start();
  createRoot(container).render(<App host={host} connection={connection} settingsStore={new PanelSettingsStore()} helperUrlForPort={helperUrlForPort} />);
}
