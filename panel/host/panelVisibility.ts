/** Whether the panel is shown: set by the entry (UXP's show and hide, a browser tab's visibility), read by the App. */
export class PanelVisibility {
  private shown = true;
  private readonly listeners = new Set<(visible: boolean) => void>();

  get visible(): boolean {
    return this.shown;
  }

  set(visible: boolean): void {
    if (visible === this.shown) return;
    this.shown = visible;
    for (const listener of [...this.listeners]) listener(visible);
  }

  subscribe(listener: (visible: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
