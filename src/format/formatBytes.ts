const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units, as disks are sold and as editors speak of them: 1.8 TB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let unit = 0;
  while (unit < UNITS.length - 1 && Number(round(bytes / 1000 ** unit, unit)) >= 1000) unit += 1;
  return `${round(bytes / 1000 ** unit, unit)} ${UNITS[unit]}`;
}

/** Whole bytes; otherwise one decimal below 100 and none from 100 up (0.5 MB, 25.2 MB, 310 MB). */
function round(value: number, unit: number): string {
  const digits = unit === 0 || value >= 99.95 ? 0 : 1;
  return value.toFixed(digits);
}

/** 75 s → "1m 15s"; under a minute, seconds with one decimal below ten. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  // Round first, so 9.96 s reads "10s" and 59.5 s reads "1m 00s", never "10.0s" or "60s".
  if (Number(seconds.toFixed(1)) < 10) return `${seconds.toFixed(1)}s`;
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}
