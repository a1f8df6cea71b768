import { admit, loopbackHost, makeRoom, ownOrigins } from '../../../native-helper/service/admission';

const PORT = 7737;
const HOST = `127.0.0.1:${PORT}`;

describe('loopbackHost', () => {
  it.each(['127.0.0.1', '127.0.0.1:7737', 'localhost', 'LocalHost:80', '[::1]', '[::1]:7737', 'LOCALHOST'])('%s is loopback', (host) => {
    expect(loopbackHost(host)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'evil.example',
    'evil.example:7737',
    '127.0.0.1.evil.example',
    'localhost.evil.example',
    '10.0.0.1:7737',
    '0.0.0.0',
    '::1',
    '127.0.0.1:',
    '127.0.0.1:x',
  ])('%s is not loopback', (host) => expect(loopbackHost(host)).toBe(false));
});

describe('admit', () => {
  it.each(['evil.example', 'evil.example:7737', '127.0.0.1.nip.io:7737', undefined])('refuses Host %s with 421 (DNS rebinding)', (host) => {
    expect(admit({ host, origin: `http://127.0.0.1:${PORT}` }, PORT)).toMatchObject({ ok: false, status: 421 });
    expect(admit({ host }, PORT)).toMatchObject({ ok: false, status: 421 });
  });

  it.each(['127.0.0.1', HOST, 'localhost:7737', 'LOCALHOST:7737', '[::1]:7737'])(
    'admits Host %s without Origin (a CLI, Lightroom, a native client)',
    (host) => {
      expect(admit({ host }, PORT)).toEqual({ ok: true });
    },
  );

  it.each([
    ...ownOrigins(PORT),
    `HTTP://LOCALHOST:${PORT}`,
    'uxp://com.threefold.panel',
    'plugin:',
    'threefold-app://main',
    // What a plug-in's local page may send: no web page's origin (the token is the gate).
    'null',
    'file://',
    'file:///Applications/Adobe Premiere Pro/panel/index.html',
  ])('admits Origin %s', (origin) => {
    expect(admit({ host: HOST, origin }, PORT)).toEqual({ ok: true });
  });

  it.each([
    'http://evil.example',
    'https://evil.example',
    'https://127.0.0.1.evil.example',
    'http://localhost.evil.example:7737',
    `http://127.0.0.1:${PORT + 1}`, // a page served by another local program
    'http://localhost:3000',
    'http://127.0.0.1', // port 80
    `https://127.0.0.1:${PORT}`,
    'ws://evil.example',
    'wss://evil.example',
    'chrome-extension://abcdefghijklmnop', // any extension the user installed
    'moz-extension://4b1f0c1e-0000-0000-0000-000000000000',
  ])('refuses Origin %s with 403, saying how to admit it', (origin) => {
    expect(admit({ host: HOST, origin }, PORT)).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining(`--allow-origin ${origin}`) });
  });

  it('admits the configured extra origins, in any case, and only those', () => {
    const extra = ['https://Panel.Threefold.example'];
    expect(admit({ host: HOST, origin: 'https://panel.threefold.example' }, PORT, extra)).toEqual({ ok: true });
    expect(admit({ host: HOST, origin: 'HTTPS://PANEL.THREEFOLD.EXAMPLE' }, PORT, extra)).toEqual({ ok: true });
    expect(admit({ host: HOST, origin: 'https://other.threefold.example' }, PORT, extra)).toMatchObject({ ok: false, status: 403 });
    expect(admit({ host: HOST, origin: 'https://panel.threefold.example' }, PORT)).toMatchObject({ ok: false, status: 403 });
  });

  it('own origins follow the port it listens on', () => {
    expect(ownOrigins(9000)).toEqual(['http://127.0.0.1:9000', 'http://localhost:9000', 'http://[::1]:9000']);
    expect(admit({ host: '127.0.0.1:9000', origin: 'http://127.0.0.1:9000' }, 9000)).toEqual({ ok: true });
    expect(admit({ host: '127.0.0.1:9000', origin: `http://127.0.0.1:${PORT}` }, 9000)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('makeRoom', () => {
  const limits = { maxConnections: 5, maxUnpaired: 2 };
  const client = (openedAt: number, paired = false, spoke = false) => ({ openedAt, paired, spoke });

  it('admits while there is room', () => {
    expect(makeRoom([client(1, true), client(2)], limits)).toEqual({ admit: true });
  });

  it('never refuses for unpaired clients: the longest-waiting silent one gives way, then one waiting for its code', () => {
    const waiting = client(1, false, true);
    const silentOld = client(2);
    const silentNew = client(3);
    expect(makeRoom([waiting, silentNew, silentOld], limits)).toEqual({ admit: true, evict: silentOld });
    expect(makeRoom([client(0, true), client(5, false, true), waiting], limits)).toEqual({ admit: true, evict: waiting });
    const full = [client(1, true), client(2, true), client(3, true), client(4, true), silentNew];
    expect(makeRoom(full, limits)).toEqual({ admit: true, evict: silentNew });
  });

  it('refuses only when every connection is paired', () => {
    const full = Array.from({ length: 5 }, (_, i) => client(i, true));
    expect(makeRoom(full, limits)).toMatchObject({ admit: false, reason: expect.stringContaining('5 paired clients') });
  });
});
