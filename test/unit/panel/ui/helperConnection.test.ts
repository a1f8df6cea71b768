// The panel's connection (the container layer under the views) against a real helper over real WebSockets:
// offline until the helper runs, pairing, the stored token, revoked tokens, reconnecting after a restart.
import fs from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { Catalog } from '../../../../native-helper/catalog/catalog';
import { catalogPath } from '../../../../native-helper/config/config';
import type { RunningHelper } from '../../../../native-helper/service/helperServer';
import { HelperConnection, helperRefusal } from '../../../../panel/connection/helperConnection';
import type { TokenStore } from '../../../../panel/host/host';
import { REVOKED_NOTICE, type ConnectionState } from '../../../../panel/model/connectionState';
import type { SocketLike } from '../../../../src/protocol/helperClient';
import { pairingCode, startTestHelper } from '../../../helpers/helperHarness';
import { makeTempDir } from '../../../helpers/tempDir';

/** The token store of a panel, kept in memory. */
class MemoryTokenStore implements TokenStore {
  token: string | null = null;
  async get(): Promise<string | null> {
    return this.token;
  }
  async set(token: string): Promise<void> {
    this.token = token;
  }
  async clear(): Promise<void> {
    this.token = null;
  }
}

let temp: ReturnType<typeof makeTempDir>;
let home: string;
let helper: RunningHelper | undefined;
const connections: HelperConnection[] = [];

beforeEach(() => {
  temp = makeTempDir();
  home = path.join(temp.dir, 'home');
});

afterEach(async () => {
  for (const c of connections.splice(0)) c.stop();
  await helper?.close();
  helper = undefined;
  temp.cleanup();
});

async function start(port = 0): Promise<number> {
  helper = await startTestHelper({ home, port, log: () => undefined });
  return helper.port;
}

/** A port nothing listens on: a helper's, closed again. */
async function start2(): Promise<number> {
  const other = await startTestHelper({ home: `${home}-other`, port: 0, log: () => undefined });
  await other.close();
  return other.port;
}

function connection(port: number, tokens: TokenStore): HelperConnection {
  const c = new HelperConnection({
    url: `ws://127.0.0.1:${port}`,
    tokens,
    clientName: 'panel test',
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    retryMs: 100,
  });
  connections.push(c);
  c.start();
  return c;
}

/** Resolves with the state once it is of this kind. */
function reaches<K extends ConnectionState['kind']>(c: HelperConnection, kind: K, timeoutMs = 10_000): Promise<Extract<ConnectionState, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const state = c.getState();
      if (state.kind !== kind) return false;
      unsubscribe();
      clearTimeout(timer);
      resolve(state as Extract<ConnectionState, { kind: K }>);
      return true;
    };
    const unsubscribe = c.subscribe(() => void check());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`still ${c.getState().kind}, not ${kind}, after ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}

describe('HelperConnection', () => {
  it('is offline while no helper runs, and connects by itself once one does', async () => {
    const port = await start();
    await helper!.close(); // its port is free now
    helper = undefined;
    const c = connection(port, new MemoryTokenStore());
    expect((await reaches(c, 'offline')).reason).not.toBe('');
    await start(port);
    expect(await reaches(c, 'unpaired')).toEqual({ kind: 'unpaired', notice: null });
  });

  it('a refused Origin is not "not running": the panel says what the helper refused and how to admit it', async () => {
    const port = await start();
    const origin = 'http://localhost:3000';
    const c = new HelperConnection({
      url: `ws://127.0.0.1:${port}`,
      tokens: new MemoryTokenStore(),
      clientName: 'panel test',
      openSocket: (url) => new WebSocket(url, { origin }) as unknown as SocketLike,
      probe: (url) => helperRefusal(url, { headers: { origin } }),
      retryMs: 100,
    });
    connections.push(c);
    c.start();
    const refused = await reaches(c, 'refused');
    expect(refused.reason).toContain(`Origin ${origin} may not use the helper`);
    expect(refused.reason).toContain(`threefold helper --allow-origin ${origin}`);
    // Nothing answers: not running, as before.
    await helper!.close();
    helper = undefined;
    expect(await helperRefusal(`ws://127.0.0.1:${port}`, { headers: { origin } })).toBeNull();
    await reaches(c, 'offline');
  });

  it('moves to another URL (a port set in the settings): offline where no helper is, paired again back at the helper', async () => {
    const port = await start();
    const tokens = new MemoryTokenStore();
    const c = connection(port, tokens);
    await reaches(c, 'unpaired');
    await c.pair(pairingCode(home));
    const other = await start2();
    c.setUrl(`ws://127.0.0.1:${other}`);
    expect(c.url).toBe(`ws://127.0.0.1:${other}`);
    await reaches(c, 'offline');
    c.setUrl(`ws://127.0.0.1:${port}`);
    await reaches(c, 'paired');
    expect(await c.request('destinations.list', {})).toEqual({ destinations: [] });
  });

  it('pairs with a code: a wrong one is refused with the reason; a right one stores the token', async () => {
    const port = await start();
    const tokens = new MemoryTokenStore();
    const c = connection(port, tokens);
    await reaches(c, 'unpaired');
    await expect(c.pair('WRNG-CODE')).rejects.toThrow(/wrong or expired/);
    expect(c.getState().kind).toBe('unpaired');
    await c.pair(pairingCode(home));
    expect(c.getState().kind).toBe('paired');
    expect(tokens.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(await c.request('destinations.list', {})).toEqual({ destinations: [] });
  });

  it('with a stored token it is paired at once; requests before that fail clearly', async () => {
    const port = await start();
    const tokens = new MemoryTokenStore();
    const first = connection(port, tokens);
    await reaches(first, 'unpaired');
    await expect(first.request('jobs', {})).rejects.toThrow('not connected to the helper');
    await first.pair(pairingCode(home));
    const second = connection(port, tokens);
    expect((await reaches(second, 'paired')).helperVersion).not.toBe('');
  });

  it('a revoked token is forgotten: at hello, and on a request of an open connection', async () => {
    const port = await start();
    const tokens = new MemoryTokenStore();
    const c = connection(port, tokens);
    await reaches(c, 'unpaired');
    await c.pair(pairingCode(home));
    revokeAll();
    await expect(c.request('jobs', {})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(c.getState()).toEqual({ kind: 'unpaired', notice: REVOKED_NOTICE });
    expect(tokens.token).toBeNull();

    await c.pair(pairingCode(home));
    revokeAll();
    const again = connection(port, tokens);
    expect(await reaches(again, 'unpaired')).toEqual({ kind: 'unpaired', notice: REVOKED_NOTICE });
    expect(tokens.token).toBeNull();
  });

  it('reconnects after the helper restarts, still paired, and passes on the new connection’s events', async () => {
    const port = await start();
    const c = connection(port, new MemoryTokenStore());
    await reaches(c, 'unpaired');
    await c.pair(pairingCode(home));
    const events: string[] = [];
    c.onEvent((e) => events.push(e.type));

    await helper!.close();
    helper = undefined;
    await reaches(c, 'offline');
    await start(port);
    await reaches(c, 'paired');
    const folder = path.join(temp.dir, 'raid');
    const media = path.join(temp.dir, 'media');
    fs.mkdirSync(folder);
    fs.mkdirSync(media);
    fs.writeFileSync(path.join(media, 'a.mov'), 'frames');
    await c.request('destinations.add', { name: 'raid', where: folder, media: 'raid' });
    const finished = new Promise<void>((resolve) => c.onEvent((e) => e.type === 'job.finished' && resolve()));
    await c.request('protect', { targets: [media] });
    await finished;
    expect(events).toContain('job.finished');
  });

  it('stop ends the connection and its retries', async () => {
    const port = await start();
    await helper!.close();
    helper = undefined;
    const c = connection(port, new MemoryTokenStore());
    await reaches(c, 'offline');
    c.stop();
    await start(port);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(c.getState().kind).toBe('offline');
  });
});

function revokeAll(): void {
  const catalog = Catalog.open(catalogPath(home));
  try {
    catalog.pairing.revokeAll();
  } finally {
    catalog.close();
  }
}
