/** A field name that could carry a secret: keys, passwords, tokens, credentials, sessions, webhooks (their URL is the token). */
const SECRET_NAME = /secret|passw|token|credential|session|private|(?:access|api|auth)[-_]?key|^key$|signature|webhook/i;

/** The user and password part of a URL (`https://user:pass@host`). */
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/**
 * A copy of a JSON value without any field whose name could carry a secret, at any depth, and without the
 * user and password of any URL in it. The config holds none today (credentials come from the AWS chain);
 * a snapshot that leaves the workstation must not carry one a later field, or an endpoint, adds.
 */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'string') return value.replace(URL_USERINFO, '$1');
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines each field as its own: a field named `__proto__` (JSON may have one) stays a field.
  return Object.fromEntries(Object.entries(value).flatMap(([name, field]) => (SECRET_NAME.test(name) ? [] : [[name, withoutSecrets(field)]])));
}
