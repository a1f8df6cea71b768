/** The panel's entrypoint id: the one manifest.json declares (test/unit/manifest.test.ts checks both). */
export const PANEL_ID = 'threefold.panel';
