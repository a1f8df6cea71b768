/** From a minute of the day on, transfers are held to `bytesPerSecond` (null: no limit). */
export interface BandwidthWindow {
  minute: number;
  bytesPerSecond: number | null;
}

/** rclone's units: a bare number is KiB/s; B, K, M, G, T are binary multiples (`10M` is 10 MiB/s). */
const UNITS: Record<string, number> = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** A rate as rclone writes it (`512k`, `10M`, `1.5G`, `off`): bytes per second, null for off; undefined if not a rate. */
export function parseRate(text: string): number | null | undefined {
  if (/^\s*off\s*$/i.test(text)) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b?(?:\/s)?)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[(match[2] || 'k').toLowerCase()]!);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/**
 * A bandwidth limit as rclone's `--bwlimit` takes it: one rate (`20M`, `off`), or a timetable of
 * `HH:MM,rate` entries separated by spaces (`08:00,10M 19:00,off`), each holding from its time until the
 * next one's, the last until the first's on the next day. Sorted by time; an error says what is wrong.
 */
export function parseBandwidth(text: string): { ok: true; windows: BandwidthWindow[] } | { ok: false; error: string } {
  const entries = text.trim().split(/\s+/).filter(Boolean);
  if (entries.length === 0) return { ok: false, error: 'a bandwidth limit is a rate (20M, off) or a timetable (08:00,10M 19:00,off)' };
  if (entries.length === 1 && !entries[0]!.includes(',')) {
    const rate = parseRate(entries[0]!);
    if (rate === undefined) return { ok: false, error: `"${entries[0]}" is not a rate: write 512k, 10M, 1G or off` };
    return { ok: true, windows: [{ minute: 0, bytesPerSecond: rate }] };
  }
  const windows: BandwidthWindow[] = [];
  for (const entry of entries) {
    const match = /^(\d{1,2}):(\d{2}),(.+)$/.exec(entry);
    const hours = Number(match?.[1]);
    const minutes = Number(match?.[2]);
    if (!match || hours > 23 || minutes > 59) return { ok: false, error: `"${entry}" is not a timetable entry: write HH:MM,rate (08:00,10M)` };
    const rate = parseRate(match[3]!);
    if (rate === undefined) return { ok: false, error: `"${match[3]}" in "${entry}" is not a rate: write 512k, 10M, 1G or off` };
    const minute = hours * 60 + minutes;
    if (windows.some((w) => w.minute === minute)) return { ok: false, error: `${match[1]}:${match[2]} appears twice in the timetable` };
    windows.push({ minute, bytesPerSecond: rate });
  }
  return { ok: true, windows: windows.sort((a, b) => a.minute - b.minute) };
}

/** The limit at a minute of the day (0 to 1439): the last window begun by then, else the day's last (it runs past midnight). */
export function bandwidthAt(windows: readonly BandwidthWindow[], minuteOfDay: number): number | null {
  let current = windows[windows.length - 1];
  for (const window of windows) if (window.minute <= minuteOfDay) current = window;
  return current?.bytesPerSecond ?? null;
}
