const DECIMAL: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };
const BINARY: Record<string, number> = { kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * A size as a person writes it: `2GB` (decimal units, as formatBytes writes them), `512MiB` (binary), `1.5 TB`,
 * or plain bytes. Null for anything else (a negative size, an unknown unit).
 */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  const factor = DECIMAL[unit] ?? BINARY[unit];
  if (factor === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) ? bytes : null;
}
