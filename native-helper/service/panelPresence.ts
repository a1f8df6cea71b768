import type { JobInfo } from '../../src/protocol/messages';
import { UserError } from '../errors';

/** Jobs kept for a panel that was not shown when they ended, at most; the oldest give way. */
export const MAX_MISSED_JOBS = 20;

/**
 * Which clients are panels and whether one is shown (each says so with `panel.visibility`), which jobs a
 * panel started, and those of them that ended while no panel was shown: the editor was not looking, so
 * the helper tells them by a notification, and hands the jobs to the next panel that is shown.
 * Clients are any object standing for one connection.
 */
export class PanelPresence {
  /** Open connections that can be panels (a WebSocket's: an HTTP request ends with its answer). */
  private readonly connections = new WeakSet<object>();
  /** Open panels and whether each is shown. */
  private readonly panels = new Map<object, boolean>();
  /** Every client that ever said it is a panel (a closed panel's jobs are still a panel's). */
  private readonly everPanels = new WeakSet<object>();
  /** Queued or running jobs: who asked for them, and the files the panel showed offline (a protect's). */
  private readonly startedBy = new Map<number, { client: object; offline: readonly string[] }>();
  private missed: JobInfo[] = [];

  /** A lasting connection opened: it may say it is a panel. */
  connected(client: object): void {
    this.connections.add(client);
  }

  /** A client says it is shown or hidden; shown, it is answered with the jobs it missed (once). */
  visibility(client: object, visible: boolean): JobInfo[] {
    if (!this.connections.has(client)) throw new UserError('only a panel connected over a WebSocket can say it is shown or hidden');
    this.panels.set(client, visible);
    this.everPanels.add(client);
    if (!visible) return [];
    const missed = this.missed;
    this.missed = [];
    return missed;
  }

  /** A client's connection closed. */
  gone(client: object): void {
    this.connections.delete(client);
    this.panels.delete(client);
  }

  /** A client queued this job; `offline`: files its host project showed offline (their failures are warnings). */
  started(client: object, jobId: number, offline: readonly string[] = []): void {
    this.startedBy.set(jobId, { client, offline });
  }

  /** Whether a panel is open and shown now. */
  get shown(): boolean {
    for (const visible of this.panels.values()) if (visible) return true;
    return false;
  }

  /**
   * A job ended. When a panel started it and none is shown, it is kept for the next panel shown and the
   * files that panel showed offline are answered (to tell the editor); otherwise null.
   */
  finished(job: JobInfo): { offline: readonly string[] } | null {
    const started = this.startedBy.get(job.id);
    this.startedBy.delete(job.id);
    if (started === undefined || !this.everPanels.has(started.client) || this.shown) return null;
    this.missed = [...this.missed, job].slice(-MAX_MISSED_JOBS);
    return { offline: started.offline };
  }
}
