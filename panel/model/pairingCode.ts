/** The code from `threefold pair` as typed: `ABCD-EFGH`; case, spaces and dashes do not matter. */

const CODE = /^[0-9A-Z]{8}$/;

/** The code to send, or why it cannot be one. */
export function checkPairingCode(typed: string): { code: string } | { error: string } {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '');
  if (raw === '') return { error: 'Type the code Threefold setup (or `threefold pair`) showed.' };
  if (!CODE.test(raw)) return { error: 'A pairing code has 8 letters and digits, like ABCD-EFGH.' };
  return { code: `${raw.slice(0, 4)}-${raw.slice(4)}` };
}
