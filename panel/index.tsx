/**
 * The panel's entry, built twice (webpack.config.js): for UXP, where Premiere shows the panel through its
 * entrypoint, and for a browser (demo, end-to-end tests). PANEL_BUILD is webpack's constant: each bundle
 * keeps its own branch only, so the browser build never loads `uxp`/`premierepro` and the UXP build never
 * registers Spectrum Web Components over UXP's own widgets.
 */
import { config } from 'zod';

declare const PANEL_BUILD: 'uxp' | 'web';

// The protocol's schemas parse without generated code: UXP allows no eval, and the browser page's CSP
// (served by the helper) refuses it; zod would otherwise probe with `new Function`, which CSP reports.
config({ jitless: true });

// Synchronous: UXP wants the entrypoints set up while the plugin's script runs.
declare function require(id: './ui/uxp/startInUxp'): typeof import('./ui/uxp/startInUxp');
declare function require(id: './ui/web/startInBrowser'): typeof import('./ui/web/startInBrowser');

if (PANEL_BUILD === 'uxp') require('./ui/uxp/startInUxp').startInUxp();
else void require('./ui/web/startInBrowser').startInBrowser();
