/**
 * The browser build's Spectrum tags: Spectrum Web Components (sp-button, sp-checkbox, sp-divider, sp-theme)
 * and a stand-in for UXP's `<sp-progressbar max value>` (SWC's is `<sp-progress-bar>`, which UXP lacks).
 * sp-heading, sp-body and sp-detail are UXP typography widgets with no SWC element: web.css styles the tags.
 * Imported by the browser build only: UXP has its own widgets under these names.
 */
import '@spectrum-web-components/bundle/elements.js';

const PROGRESS_STYLE = `
  :host { display: block; height: 4px; border-radius: 2px; overflow: hidden; background-color: var(--spectrum-gray-300, #d5d5d5); }
  .fill { height: 100%; width: 0; background-color: var(--spectrum-accent-background-color-default, #3b63fb); }
`;

/** `<sp-progressbar max="100" value="40">`, drawn as a Spectrum progress bar. */
class ProgressBarStandIn extends HTMLElement {
  static readonly observedAttributes = ['max', 'value'];
  private readonly fill: HTMLElement;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = PROGRESS_STYLE;
    this.fill = document.createElement('div');
    this.fill.className = 'fill';
    shadow.append(style, this.fill);
  }

  connectedCallback(): void {
    this.setAttribute('role', 'progressbar');
    this.update();
  }

  attributeChangedCallback(): void {
    this.update();
  }

  private update(): void {
    const max = Number(this.getAttribute('max') ?? 100) || 100;
    const value = Math.min(max, Math.max(0, Number(this.getAttribute('value') ?? 0) || 0));
    this.fill.style.width = `${(value / max) * 100}%`;
    this.setAttribute('aria-valuemin', '0');
    this.setAttribute('aria-valuemax', String(max));
    this.setAttribute('aria-valuenow', String(value));
  }
}

export function registerElements(): void {
  if (!customElements.get('sp-progressbar')) customElements.define('sp-progressbar', ProgressBarStandIn);
}
