import net from 'node:net';
import { WebSocket } from 'ws';
import type { HelperAnswer } from '../../src/doctor/doctorChecks';
import { HelperClient, HelperRequestError } from '../../src/protocol/helperClient';

/**
 * Who answers on 127.0.0.1:port: a Threefold helper (its hello says its version; no token is needed),
 * nothing (the connection is refused or times out), or another program.
 */
export async function askHelper(port: number, client: string, timeoutMs = 3000): Promise<HelperAnswer> {
  if (!(await portTakesConnections(port, timeoutMs))) return { kind: 'nothing' };
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, { handshakeTimeout: timeoutMs });
  // Terminating a socket that never opened emits one more error: nobody needs to hear it.
  socket.on('error', () => undefined);
  let helper: HelperClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([opened(socket), timeout]);
    helper = new HelperClient(socket);
    const hello = await Promise.race([helper.hello(client), timeout]);
    return { kind: 'helper', version: hello.helperVersion, protocol: hello.protocol };
  } catch (error) {
    if (error instanceof HelperRequestError && error.code === 'protocol-version') return { kind: 'helper', version: null, protocol: null };
    return { kind: 'other', reason: (error as Error).message };
  } finally {
    clearTimeout(timer);
    helper?.close();
    socket.terminate();
  }
}

/** Resolves once the WebSocket is open; rejects with what the other end said instead. */
function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`it answered HTTP ${response.statusCode} where a helper takes a WebSocket`)));
    socket.once('error', reject);
  });
}

/** Whether anything accepts a TCP connection on the port: a refusal means nothing listens. */
function portTakesConnections(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(timeoutMs);
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * Asks every half second until a helper answers (one `wanted` takes, when given) or `waitMs` have passed;
 * the last answer.
 */
export async function waitForHelper(
  port: number,
  client: string,
  waitMs: number,
  wanted: (answer: HelperAnswer & { kind: 'helper' }) => boolean = () => true,
): Promise<HelperAnswer> {
  const until = Date.now() + waitMs;
  for (;;) {
    const answer = await askHelper(port, client, Math.min(3000, Math.max(500, until - Date.now())));
    if ((answer.kind === 'helper' && wanted(answer)) || Date.now() >= until) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
