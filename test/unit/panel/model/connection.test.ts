import { helloVerdict, REVOKED_NOTICE } from '../../../../panel/model/connectionState';
import { DEFAULT_HELPER_URL, helperUrlForPage } from '../../../../panel/model/helperUrl';
import { checkPairingCode } from '../../../../panel/model/pairingCode';

describe('helperUrlForPage', () => {
  const page = (href: string) => {
    const url = new URL(href);
    return { protocol: url.protocol, host: url.host, search: url.search };
  };

  it("is the page's own origin when the helper serves it", () => {
    expect(helperUrlForPage(page('http://127.0.0.1:7737/index.html'))).toBe('ws://127.0.0.1:7737');
    expect(helperUrlForPage(page('http://localhost:40123/'))).toBe('ws://localhost:40123');
    expect(helperUrlForPage(page('https://127.0.0.1:9000/'))).toBe('wss://127.0.0.1:9000');
  });

  it('?helper=ws://… points it elsewhere; anything but a ws(s) URL is ignored', () => {
    expect(helperUrlForPage(page('http://127.0.0.1:8080/?helper=ws://127.0.0.1:7800'))).toBe('ws://127.0.0.1:7800');
    expect(helperUrlForPage(page('http://127.0.0.1:8080/?helper=javascript:alert(1)'))).toBe('ws://127.0.0.1:8080');
    expect(helperUrlForPage(page('http://127.0.0.1:8080/?helper=ws://'))).toBe('ws://127.0.0.1:8080');
  });

  it('falls back to the default port for a page opened from a file', () => {
    expect(helperUrlForPage(page('file:///home/me/dist/panel-web/index.html'))).toBe(DEFAULT_HELPER_URL);
    expect(DEFAULT_HELPER_URL).toBe('ws://127.0.0.1:7737');
  });
});

describe('checkPairingCode', () => {
  it('takes the code as typed: any case, with or without spaces and the dash', () => {
    expect(checkPairingCode('abcd-efgh')).toEqual({ code: 'ABCD-EFGH' });
    expect(checkPairingCode(' AB CD EF 23 ')).toEqual({ code: 'ABCD-EF23' });
  });

  it('explains what is wrong before anything is sent', () => {
    expect(checkPairingCode('   ')).toEqual({ error: expect.stringContaining('threefold pair') });
    expect(checkPairingCode('ABC-DEF')).toEqual({ error: expect.stringContaining('8 letters and digits') });
    expect(checkPairingCode('ABCD-EFG!')).toEqual({ error: expect.stringContaining('8 letters and digits') });
  });
});

describe('helloVerdict', () => {
  it('paired or not, from the answer', () => {
    expect(helloVerdict({ paired: true, helperVersion: '0.1.0' }, true)).toEqual({
      state: { kind: 'paired', helperVersion: '0.1.0' },
      clearToken: false,
      retry: false,
    });
    expect(helloVerdict({ paired: false, helperVersion: '0.1.0' }, false)).toEqual({
      state: { kind: 'unpaired', notice: null },
      clearToken: false,
      retry: false,
    });
  });

  it('a refused token is forgotten and the panel asks to pair again, on the same connection', () => {
    expect(helloVerdict({ errorCode: 'unauthorized', message: 'revoked' }, true)).toEqual({
      state: { kind: 'unpaired', notice: REVOKED_NOTICE },
      clearToken: true,
      retry: false,
    });
  });

  it('another protocol version: no retry helps, the message says which side to update', () => {
    expect(helloVerdict({ errorCode: 'protocol-version', message: 'update the helper' }, true)).toEqual({
      state: { kind: 'incompatible', message: 'update the helper' },
      clearToken: false,
      retry: false,
    });
  });

  it('a dropped connection or a busy helper: offline, try again later', () => {
    for (const errorCode of ['closed', 'rate-limited', 'internal'] as const) {
      expect(helloVerdict({ errorCode, message: 'gone' }, true)).toEqual({ state: { kind: 'offline', reason: 'gone' }, clearToken: false, retry: true });
    }
  });
});
