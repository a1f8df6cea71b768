import { REPORT_LINK_TTL_MS, ReportLinks } from '../../../native-helper/service/reportLinks';

describe('ReportLinks', () => {
  it('opens its job’s report until it expires, and no other job’s', () => {
    let now = 1_000_000;
    const links = new ReportLinks(() => now);
    const key = links.issue(4);
    expect(key).toMatch(/^[\w-]{43}$/);
    expect(links.issue(4)).not.toBe(key);
    expect(links.opens(4, key)).toBe(true);
    expect(links.opens(5, key)).toBe(false);
    expect(links.opens(4, `${key}x`)).toBe(false);
    now += REPORT_LINK_TTL_MS - 1;
    expect(links.opens(4, key)).toBe(true);
    now += 1;
    expect(links.opens(4, key)).toBe(false);
  });

  it('holds a bounded number of links, dropping the oldest', () => {
    const links = new ReportLinks(() => 0);
    const first = links.issue(1);
    for (let i = 0; i < 300; i++) links.issue(2);
    expect(links.opens(1, first)).toBe(false);
  });
});
