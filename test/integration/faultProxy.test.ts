import http from 'node:http';
import net from 'node:net';
import { startFaultProxy, type FaultProxy } from '../helpers/faultProxy';

/** An echo server that records how many bytes each connection delivered before it closed. */
async function startEchoServer(): Promise<{ port: number; received: number[]; close(): Promise<void> }> {
  const received: number[] = [];
  const server = net.createServer((socket) => {
    let bytes = 0;
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      socket.write(chunk);
    });
    socket.on('error', () => undefined); // a cut connection may end in a reset
    socket.on('close', () => received.push(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends `data`, half-closes, and collects the reply until the connection closes. */
function talk(port: number, data: Buffer | string): Promise<{ reply: string; error?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const socket = net.connect(port, '127.0.0.1', () => socket.end(data));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => resolve({ reply: Buffer.concat(chunks).toString(), ...(error && { error }) }));
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let target: Awaited<ReturnType<typeof startEchoServer>>;
let proxy: FaultProxy;
beforeEach(async () => {
  target = await startEchoServer();
  proxy = await startFaultProxy({ host: '127.0.0.1', port: target.port });
});
afterEach(async () => {
  await proxy.close();
  await target.close();
});

describe('fault proxy', () => {
  it('passes bytes both ways and counts them', async () => {
    expect(await talk(proxy.port, 'hello')).toEqual({ reply: 'hello' });
    expect(proxy.endpoint).toBe(`http://127.0.0.1:${proxy.port}`);
    expect([proxy.bytesUpstream, proxy.bytesDownstream, proxy.connections]).toEqual([5, 5, 1]);
    await waitFor(() => target.received.length === 1);
    expect(target.received).toEqual([5]);
  });

  it('cutAfterBytes(n) shares n bytes among all connections, then cuts every one that sends', async () => {
    proxy.cutAfterBytes(150);
    expect(await talk(proxy.port, 'a'.repeat(100))).toEqual({ reply: 'a'.repeat(100) });
    expect(await talk(proxy.port, 'b'.repeat(100))).toMatchObject({ error: 'ECONNRESET' });
    expect(await talk(proxy.port, 'c'.repeat(10))).toMatchObject({ error: 'ECONNRESET' });
    await waitFor(() => target.received.length === 3);
    expect(target.received).toEqual([100, 50, 0]);
    expect(proxy.bytesUpstream).toBe(150);
  });

  it('cutAfterBytes(n, { perConnection: true }) lets each connection send n bytes', async () => {
    proxy.cutAfterBytes(30, { perConnection: true });
    const results = await Promise.all([talk(proxy.port, 'x'.repeat(100)), talk(proxy.port, 'y'.repeat(100))]);
    expect(results.map((r) => r.error)).toEqual(['ECONNRESET', 'ECONNRESET']);
    await waitFor(() => target.received.length === 2);
    expect(target.received).toEqual([30, 30]);
  });

  it('a cut also reaches a connection that was already open', async () => {
    const socket = net.connect(proxy.port, '127.0.0.1');
    const errored = new Promise<string | undefined>((resolve) => socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code)));
    socket.write('first');
    await new Promise((resolve) => socket.once('data', resolve));
    proxy.cutAfterBytes(0);
    socket.write('second');
    expect(await errored).toBe('ECONNRESET');
    await waitFor(() => target.received.length === 1);
    expect(target.received).toEqual([5]);
  });

  it('delay(ms) holds each chunk in each direction', async () => {
    proxy.delay(200);
    const started = Date.now();
    expect(await talk(proxy.port, 'slow')).toEqual({ reply: 'slow' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('cutOpenConnections() resets open connections, a held answer lost with them; new ones pass', async () => {
    proxy.delay(500);
    const talking = talk(proxy.port, 'lost');
    await waitFor(() => target.received.length === 1); // the target echoed and closed: its answer is held by the proxy
    proxy.cutOpenConnections();
    expect(await talking).toEqual({ reply: '', error: 'ECONNRESET' });
    proxy.reset();
    expect(await talk(proxy.port, 'again')).toEqual({ reply: 'again' });
  });

  it('refuse(true) drops new connections before they reach the target; refuse(false) lets them in again', async () => {
    proxy.refuse(true);
    expect(await talk(proxy.port, 'knock')).toMatchObject({ reply: '', error: 'ECONNRESET' });
    expect(target.received).toEqual([]);
    proxy.refuse(false);
    expect(await talk(proxy.port, 'knock')).toEqual({ reply: 'knock' });
    expect(proxy.connections).toBe(2);
  });

  it('reset() goes back to pass-through', async () => {
    proxy.cutAfterBytes(0);
    proxy.delay(50);
    proxy.refuse(true);
    proxy.reset();
    expect(await talk(proxy.port, 'clear')).toEqual({ reply: 'clear' });
  });

  it('close() drops open connections and stops listening', async () => {
    const socket = net.connect(proxy.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await waitFor(() => proxy.connections === 1);
    await proxy.close();
    await closed;
    expect(await talk(proxy.port, 'anyone?')).toMatchObject({ error: 'ECONNREFUSED' });
  });

  it('cuts an HTTP upload mid-body so the client sees an error, and passes it after reset()', async () => {
    let bodyBytes = -1;
    const web = http.createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        bodyBytes = bytes;
        response.end('stored');
      });
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const httpProxy = await startFaultProxy({ host: '127.0.0.1', port: (web.address() as net.AddressInfo).port });
    const post = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const request = http.request(`${httpProxy.endpoint}/upload`, { method: 'POST', agent: false }, (response) => {
          response.setEncoding('utf8');
          let text = '';
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve(`${response.statusCode} ${text}`));
        });
        request.on('error', reject);
        request.end(Buffer.alloc(64 * 1024, 1));
      });
    try {
      httpProxy.cutAfterBytes(1000);
      await expect(post()).rejects.toThrow(/ECONNRESET|socket hang up/);
      expect(bodyBytes).toBe(-1);
      httpProxy.reset();
      expect(await post()).toBe('200 stored');
      expect(bodyBytes).toBe(64 * 1024);
    } finally {
      await httpProxy.close();
      await new Promise((resolve) => web.close(resolve));
    }
  });
});
