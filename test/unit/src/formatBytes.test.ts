import { formatBytes, formatDuration } from '../../../src/format/formatBytes';

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [999, '999 B'],
    [999.4, '999 B'],
    [999.5, '1.0 kB'],
    [1000, '1.0 kB'],
    [1049, '1.0 kB'],
    [1050, '1.1 kB'],
    [1234, '1.2 kB'],
    [9_999, '10.0 kB'],
    [25_200, '25.2 kB'],
    [99_949, '99.9 kB'],
    [99_950, '100 kB'],
    [310_000, '310 kB'],
    [999_499, '999 kB'],
    [999_500, '1.0 MB'],
    [999_950, '1.0 MB'],
    [1_000_000, '1.0 MB'],
    [25_200_000, '25.2 MB'],
    [310_000_000, '310 MB'],
    [999_999_999, '1.0 GB'],
    [1e9, '1.0 GB'],
    [1.8e12, '1.8 TB'],
    [1.5e15, '1.5 PB'],
    [1e18, '1000 PB'],
    [2.5e18, '2500 PB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('never shows 1000 of a unit below PB', () => {
    for (let exp = 3; exp <= 15; exp += 3) {
      for (const bytes of [1000 ** (exp / 3) - 1, 1000 ** (exp / 3) * 0.99995, 1000 ** (exp / 3) * 0.9995]) {
        expect(formatBytes(bytes)).not.toMatch(/^1000 /);
        expect(formatBytes(bytes)).not.toMatch(/^1000\.0 /);
      }
    }
  });

  it('shows at most one decimal, and none from 100 up', () => {
    for (let bytes = 1; bytes < 1e16; bytes = Math.ceil(bytes * 1.37)) {
      const [number, unit] = formatBytes(bytes).split(' ');
      expect(['B', 'kB', 'MB', 'GB', 'TB', 'PB']).toContain(unit);
      expect(number).toMatch(/^\d+(\.\d)?$/);
      const value = Number(number);
      if (unit === 'B') expect(number).not.toContain('.');
      if (value >= 100) expect(number).not.toContain('.');
      if (unit !== 'B' && unit !== 'PB') {
        expect(value).toBeGreaterThanOrEqual(1);
        expect(value).toBeLessThan(1000);
      }
    }
  });

  it.each([-1, -0.5, -1e12, NaN, Infinity, -Infinity])('%d → ?', (bytes) => {
    expect(formatBytes(bytes)).toBe('?');
  });

  it('-0 is 0 B', () => {
    expect(formatBytes(-0)).toBe('0 B');
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0.0s'],
    [0.04, '0.0s'],
    [0.25, '0.3s'],
    [3.25, '3.3s'],
    [9.94, '9.9s'],
    [10, '10s'],
    [10.4, '10s'],
    [42, '42s'],
    [59.4, '59s'],
    [60, '1m 00s'],
    [61, '1m 01s'],
    [75, '1m 15s'],
    [599, '9m 59s'],
    [3599, '59m 59s'],
    [3599.4, '59m 59s'],
    [3599.6, '1h 00m'],
    [3600, '1h 00m'],
    [3659, '1h 00m'],
    [3660, '1h 01m'],
    [3700, '1h 01m'],
    [7325, '2h 02m'],
    [90_000, '25h 00m'],
  ])('%d → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([-1, -0.001, NaN, Infinity, -Infinity])('%d → ?', (seconds) => {
    expect(formatDuration(seconds)).toBe('?');
  });

  // Rounding must move to the next form, as formatBytes does (never "1000 kB"): a value just under a
  // boundary that rounds up to it is shown the way the boundary itself is shown.
  it('9.96 s, which rounds to ten, is shown as 10 s are (no decimal from ten up)', () => {
    expect(formatDuration(9.96)).toBe(formatDuration(10));
    expect(formatDuration(9.96)).toBe('10s');
  });

  it('59.5 s, which rounds to a minute, is shown as 60 s are', () => {
    expect(formatDuration(59.5)).toBe(formatDuration(60));
    expect(formatDuration(59.5)).toBe('1m 00s');
  });
});
