/**
 * The panel inside Premiere Pro: Premiere shows it through the entrypoint the manifest declares; it then
 * talks to the helper on the port its settings hold (7737 unless changed) and reads the project through
 * PremiereHost.
 */
import { createRoot, type Root } from 'react-dom/client';
import { HelperConnection } from '../../connection/helperConnection';
import { PanelSettingsStore } from '../../host/panelSettingsStore';
import { PremiereHost } from '../../host/premiereHost';
import { UxpTokenStore } from '../../host/uxpTokenStore';
import { helperUrlForPort } from '../../model/helperPort';
import { App } from '../App';
import { followTheme } from '../followTheme';
import { PANEL_ID } from './panelId';

export function startInUxp(): void {
  let uxp: typeof import('uxp');
  try {
    uxp = require('uxp');
  } catch {
    // This bundle was opened outside UXP (a browser): say which build belongs there.
    document.body.textContent = 'This is the Threefold panel for Premiere Pro. In a browser, open dist/panel-web (threefold helper serves it).';
    return;
  }
  let root: Root | null = null;
  const host = new PremiereHost();
  uxp.entrypoints.setup({
    panels: {
      [PANEL_ID]: {
        show(rootNode) {
          host.setPanelVisible(true);
          if (root) return; // shown again after a hide: it kept running
          followTheme(document, window);
          const container = document.createElement('div');
          container.className = 'root';
          (rootNode ?? document.body).appendChild(container);
          const settingsStore = new PanelSettingsStore();
          const url = helperUrlForPort(settingsStore.load().helperPort);
          const connection = new HelperConnection({ url, tokens: new UxpTokenStore(), clientName: 'Threefold panel (Premiere Pro)' });
          connection.start();
          root = createRoot(container);
          root.render(<App host={host} connection={connection} settingsStore={settingsStore} helperUrlForPort={helperUrlForPort} />);
        },
        // A hidden panel keeps running: a job goes on and the chips stay current for when it shows again. The
        // helper is told, so a job that ends meanwhile is notified on the desktop.
        hide() {
          host.setPanelVisible(false);
        },
      },
    },
  });
}
