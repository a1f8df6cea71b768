/**
 * A readable catalog version from `Adobe_DBVersion` (`1100000` → "1100000 (Lightroom Classic 11)"):
 * the major version is the value divided by 100000. Any other form is returned as it is.
 */
export function describeLightroomVersion(dbVersion: string): string {
  const raw = dbVersion.trim();
  if (!/^\d{6,7}$/.test(raw)) return raw;
  const major = Math.floor(Number(raw) / 100000);
  // Lightroom became "Lightroom Classic" with version 7; catalogs older than 3 used other forms.
  if (major >= 7) return `${raw} (Lightroom Classic ${major})`;
  if (major >= 3) return `${raw} (Lightroom ${major})`;
  return raw;
}
