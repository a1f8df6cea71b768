import type { Command } from 'commander';
import { testMessage } from '../../../src/notify/notificationMessage';
import { configuredKinds, DEFAULT_NOTIFICATION_SETTINGS } from '../../../src/notify/notificationSettings';
import type { RetryRule } from '../../../src/notify/retrySchedule';
import { loadConfig } from '../../config/config';
import { resolveHome } from '../../config/home';
import { UserError } from '../../errors';
import { deliverWithRetry } from '../../notify/deliverWithRetry';
import { describeKind, sendByKind } from '../../notify/sendNotification';
import type { GlobalOptions } from './options';

/** A test waits for a receiver a little, not as long as the helper does. */
const TEST_RETRY: RetryRule = { attempts: 3, firstDelayMs: 1000, maxDelayMs: 2000 };
const TEST_TIMEOUT_MS = 10_000;

export function registerNotify(program: Command, globals: () => GlobalOptions): void {
  const notify = program.command('notify').description('notifications on failed jobs, scrubs and drills and overdue deadlines (config.json "notifications")');
  notify
    .command('test')
    .description('send one test notification by each configured kind (desktop, webhook, e-mail) and say how each went')
    .action(async () => {
      const config = await loadConfig(resolveHome(globals().home));
      const settings = config.notifications ?? DEFAULT_NOTIFICATION_SETTINGS;
      const kinds = configuredKinds(settings);
      if (kinds.length === 0)
        throw new UserError('no notifications are configured: add "notifications" to config.json (desktop, webhook or email; see the README)');
      const message = testMessage();
      const outcomes = await Promise.all(
        kinds.map((kind) =>
          deliverWithRetry(
            () => sendByKind(kind, settings, message, TEST_TIMEOUT_MS),
            TEST_RETRY,
            (attempt, error, delayMs) =>
              process.stderr.write(`${describeKind(kind, settings)}: try ${attempt} failed (${error}); trying again in ${delayMs / 1000} s\n`),
          ),
        ),
      );
      for (const [i, kind] of kinds.entries()) {
        const outcome = outcomes[i]!;
        const tries = `${outcome.attempts} tr${outcome.attempts === 1 ? 'y' : 'ies'}`;
        process.stdout.write(`${describeKind(kind, settings)}: ${outcome.ok ? `sent (${tries})` : `FAILED after ${tries}: ${outcome.error}`}\n`);
      }
      process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
    });
}
