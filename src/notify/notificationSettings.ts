import { z } from 'zod';

/** An environment variable's name: what `passwordEnv` holds, never the password itself. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

const emailSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** `starttls`: plain connection upgraded with STARTTLS, which is required (port 587); `implicit`: TLS from the first byte (port 465). */
  tls: z.enum(['starttls', 'implicit']).default('starttls'),
  from: z.email(),
  to: z.array(z.email()).min(1),
  user: z.string().min(1).optional(),
  /** The environment variable holding the SMTP password (the OS keychain is not supported yet). */
  passwordEnv: z.string().regex(ENV_NAME, 'passwordEnv is the name of an environment variable (letters, digits, "_")').optional(),
  /** A PEM file of the certificate authority that signed the server's certificate, when it is not a public one. */
  caFile: z.string().min(1).optional(),
  password: z.undefined({ error: 'the SMTP password never goes in config.json: put it in an environment variable and name it in passwordEnv' }).optional(),
});

const webhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'webhook.url is an http:// or https:// address' }),
});

/** Which events notify; failures do by default, every finished job only when asked. */
const eventSwitchesSchema = z.object({
  failedJob: z.boolean().default(true),
  failedScrub: z.boolean().default(true),
  failedDrill: z.boolean().default(true),
  overdue: z.boolean().default(true),
  everyJob: z.boolean().default(false),
  /** A job a panel started that ended while no panel was shown: a desktop notification, whatever `desktop` says. */
  hiddenPanel: z.boolean().default(true),
});

/** config.json's `notifications`: when to notify, and by which kinds (desktop, webhook, e-mail). */
export const notificationSettingsSchema = z.object({
  on: eventSwitchesSchema.default(eventSwitchesSchema.parse({})),
  desktop: z.boolean().default(false),
  webhook: webhookSchema.optional(),
  email: emailSchema
    .refine((e) => e.user === undefined || e.passwordEnv !== undefined, { error: 'email.user needs email.passwordEnv (the variable holding its password)' })
    .optional(),
});

export type NotificationSettings = z.output<typeof notificationSettingsSchema>;

/** A config without `notifications`: failures would notify, but no kind is configured. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = notificationSettingsSchema.parse({});
export type EmailSettings = NonNullable<NotificationSettings['email']>;
export type EventSwitches = NotificationSettings['on'];

/** The kinds of notification these settings send, in the order `notify test` reports them. */
export type NotificationKind = 'desktop' | 'webhook' | 'email';

export function configuredKinds(settings: NotificationSettings): NotificationKind[] {
  return [...(settings.desktop ? ['desktop' as const] : []), ...(settings.webhook ? ['webhook' as const] : []), ...(settings.email ? ['email' as const] : [])];
}
