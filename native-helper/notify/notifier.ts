import { type Group, nextReleaseTime, receive, release, type ThrottleRule } from '../../src/notify/grouping';
import { composeMessage, type NotificationMessage } from '../../src/notify/notificationMessage';
import { configuredKinds, type NotificationKind, type NotificationSettings } from '../../src/notify/notificationSettings';
import { eventOfJob, groupKey, isWanted, type NotifyEvent, type ReportLink } from '../../src/notify/notifyEvents';
import type { RetryRule } from '../../src/notify/retrySchedule';
import type { JobInfo } from '../../src/protocol/messages';
import { deliverWithRetry } from './deliverWithRetry';
import { describeKind, sendByKind } from './sendNotification';

/** A burst gathers for 15 s; one key sends at most once an hour. */
export const DEFAULT_THROTTLE: ThrottleRule = { gatherMs: 15_000, windowMs: 60 * 60_000, maxSamples: 20 };
/** Six tries over about five minutes: a receiver restarting or a network coming back still gets the message. */
export const DEFAULT_RETRY: RetryRule = { attempts: 6, firstDelayMs: 10_000, maxDelayMs: 120_000 };
/** One try's limit: a slow server is given up on, and tried again later. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Messages waiting for one kind at most; beyond, the oldest is dropped (and logged). */
export const MAX_WAITING_MESSAGES = 50;

export interface NotifierOptions {
  /** The settings now: config.json is read again for each event, as it changes under a running helper. */
  settings(): Promise<NotificationSettings>;
  log(line: string): void;
  throttle?: ThrottleRule;
  retry?: RetryRule;
  timeoutMs?: number;
}

interface Lane {
  waiting: Array<{ message: NotificationMessage; settings: NotificationSettings }>;
  running: Promise<void> | undefined;
}

/**
 * The helper's notifications. `notify` takes an event and returns at once: whatever the receivers do
 * (down, slow), jobs never wait for them. Events are grouped by the throttle rule, each message goes to
 * every configured kind through a bounded lane of its own, retried with backoff, and a message not
 * delivered is logged with the reason.
 */
export class Notifier {
  private groups = new Map<string, Group<NotifyEvent>>();
  private timer: NodeJS.Timeout | undefined;
  private inbox: Promise<void> = Promise.resolve();
  private readonly lanes = new Map<NotificationKind, Lane>();
  private readonly stopping = new AbortController();
  private readonly throttle: ThrottleRule;
  private readonly retry: RetryRule;
  private readonly timeoutMs: number;

  constructor(private readonly options: NotifierOptions) {
    this.throttle = options.throttle ?? DEFAULT_THROTTLE;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Tells the notifier of an event (a failed scrub, an overdue deadline…); never throws, never waits. */
  notify(event: NotifyEvent): void {
    if (this.stopping.signal.aborted) return;
    this.inbox = this.inbox.then(() => this.take(event));
  }

  /** The queue's hook: every finished job (with its report, once written), whose event the settings may or may not want. */
  jobFinished(job: JobInfo, report?: ReportLink): void {
    this.notify(eventOfJob(job, report));
  }

  /**
   * A panel's job ended while no panel was shown: the editor at this machine is told on the desktop at once
   * (one job, one message; not grouped), unless `on.hiddenPanel` is off.
   */
  tellEditor(message: NotificationMessage): void {
    if (this.stopping.signal.aborted) return;
    this.inbox = this.inbox.then(async () => {
      const settings = await this.readSettings();
      if (settings?.on.hiddenPanel) this.enqueue('desktop', message, settings);
    });
  }

  /** Resolves once the events received are grouped and the messages due are delivered or given up (tests, shutdown). */
  async idle(): Promise<void> {
    await this.inbox;
    for (;;) {
      const running = [...this.lanes.values()].flatMap((l) => (l.running ? [l.running] : []));
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** Sends what is held now, gives the lanes `graceMs` to deliver, then stops retrying. */
  async close(graceMs = 5000): Promise<void> {
    await this.inbox;
    clearTimeout(this.timer);
    await this.releaseDue(Number.POSITIVE_INFINITY);
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([this.idle(), grace]);
    this.stopping.abort();
    await this.idle();
  }

  private async take(event: NotifyEvent): Promise<void> {
    const settings = await this.readSettings();
    if (!settings || !isWanted(settings.on, event) || configuredKinds(settings).length === 0) return;
    this.groups = receive(this.groups, groupKey(event), event, Date.now(), this.throttle);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const at = nextReleaseTime(this.groups, this.throttle);
    if (at === null || this.stopping.signal.aborted) return;
    this.timer = setTimeout(
      () => {
        this.inbox = this.inbox.then(() => this.releaseDue(Date.now()));
      },
      Math.max(0, at - Date.now()),
    );
  }

  private async releaseDue(now: number): Promise<void> {
    const due = release(this.groups, now, this.throttle);
    this.groups = due.groups;
    this.schedule();
    if (due.messages.length === 0) return;
    const settings = await this.readSettings();
    if (!settings) return;
    for (const group of due.messages) {
      const message = composeMessage(group);
      for (const kind of configuredKinds(settings)) this.enqueue(kind, message, settings);
    }
  }

  private enqueue(kind: NotificationKind, message: NotificationMessage, settings: NotificationSettings): void {
    let lane = this.lanes.get(kind);
    if (!lane) {
      lane = { waiting: [], running: undefined };
      this.lanes.set(kind, lane);
    }
    if (lane.waiting.length >= MAX_WAITING_MESSAGES) {
      const dropped = lane.waiting.shift();
      this.options.log(`notification "${dropped?.message.title}" by ${describeKind(kind, settings)} dropped: ${MAX_WAITING_MESSAGES} newer ones wait`);
    }
    lane.waiting.push({ message, settings });
    if (!lane.running) {
      const current = lane;
      current.running = this.drain(kind, current).finally(() => {
        current.running = undefined;
      });
    }
  }

  private async drain(kind: NotificationKind, lane: Lane): Promise<void> {
    for (let item = lane.waiting.shift(); item; item = lane.waiting.shift()) {
      const { message, settings } = item;
      const name = describeKind(kind, settings);
      if (this.stopping.signal.aborted) {
        this.options.log(`notification "${message.title}" by ${name} not sent: the helper is stopping`);
        continue;
      }
      const outcome = await deliverWithRetry(
        () => sendByKind(kind, settings, message, this.timeoutMs),
        this.retry,
        (attempt, error, delayMs) =>
          this.options.log(`notification by ${name}: try ${attempt} failed (${error}); trying again in ${Math.round(delayMs / 100) / 10} s`),
        this.stopping.signal,
      );
      if (!outcome.ok)
        this.options.log(
          `notification "${message.title}" by ${name} NOT DELIVERED after ${outcome.attempts} tr${outcome.attempts === 1 ? 'y' : 'ies'}: ${outcome.error}`,
        );
    }
  }

  private async readSettings(): Promise<NotificationSettings | undefined> {
    try {
      return await this.options.settings();
    } catch (error) {
      this.options.log(`notifications: the settings cannot be read, nothing is sent: ${(error as Error).message}`);
      return undefined;
    }
  }
}
