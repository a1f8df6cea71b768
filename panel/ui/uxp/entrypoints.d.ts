/**
 * `require('uxp').entrypoints`, the part startInUxp.ts uses (merged with the panel's other declarations of
 * the `uxp` module, host/uxpTypes.d.ts). From @adobe/cc-ext-uxp-types 7.3.1: manifest v5 calls a panel's
 * show and hide with (rootNode, data).
 */
declare module 'uxp' {
  interface PanelEntrypoint {
    show?(rootNode?: HTMLElement, data?: unknown): void | Promise<void>;
    hide?(rootNode?: HTMLElement, data?: unknown): void | Promise<void>;
  }
  const entrypoints: {
    setup(entrypoints: { panels: Record<string, PanelEntrypoint> }): void;
  };
}
