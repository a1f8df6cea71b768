import http from 'node:http';
import path from 'node:path';
import { pseudoRandomBytes, writeFile } from './tempDir';

export interface ApiAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The parsed body; null when it is not JSON. */
  json: { type?: string; id?: string; ok?: boolean; result?: any; error?: { code: string; message: string } } | null;
  text: string;
}

export interface ApiCall {
  token?: string;
  /** Extra or replaced headers (a browser's Origin, a rebinding Host, another Content-Type). */
  headers?: Record<string, string>;
  method?: string;
  path?: string;
}

/** One request to the helper's HTTP API on 127.0.0.1, over a real socket: `body` is sent as it is when a string. */
export function apiCall(port: number, body: unknown, call: ApiCall = {}): Promise<ApiAnswer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: call.method ?? 'POST',
        path: call.path ?? '/api',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...(call.token !== undefined ? { 'x-threefold-token': call.token } : {}),
          ...call.headers,
        },
        agent: false,
      },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (answer += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: parseOrNull(answer), text: answer }));
      },
    );
    req.on('error', reject);
    req.end(call.method === 'GET' ? undefined : text);
  });
}

function parseOrNull(text: string): ApiAnswer['json'] {
  try {
    return JSON.parse(text) as ApiAnswer['json'];
  } catch {
    return null;
  }
}

/** A Lightroom Classic folder as a photographer has it: a catalog, its companions, originals and sidecars. */
export interface LightroomFixture {
  catalog: string;
  /** Originals, as `photo:getRawMetadata('path')` gives them. */
  photos: string[];
  /** The XMP beside each raw original (not beside the JPEG, which keeps its metadata inside). */
  sidecars: string[];
  /** Inside `<catalog>-data`. */
  catalogData: string[];
  /** `Backups/<date time>/<name>.zip`: the newest backup, and an older one. */
  newestBackup: string;
  olderBackup: string;
}

export function makeLightroomFixture(dir: string): LightroomFixture {
  const folder = path.join(dir, 'Pictures', 'Lightroom');
  const photosFolder = path.join(dir, 'Photos', 'Île de Ré 2026');
  const catalog = writeFile(path.join(folder, 'Lightroom Catalog.lrcat'), pseudoRandomBytes(96 * 1024, 7));
  const catalogData = [writeFile(path.join(`${catalog}-data`, 'masks', 'mask 1.bin'), pseudoRandomBytes(3000, 8))];
  const raws = ['DSC_0001.NEF', 'DSC_0002.NEF', 'Plage à marée basse.CR3'].map((name, i) =>
    writeFile(path.join(photosFolder, name), pseudoRandomBytes(200_000 + i * 1013, 20 + i)),
  );
  const jpeg = writeFile(path.join(photosFolder, 'phare.jpg'), pseudoRandomBytes(50_000, 30));
  const sidecars = raws.map((raw, i) => writeFile(raw.replace(/\.[^.]+$/, '.xmp'), `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rating>${i}</rating></x:xmpmeta>\n`));
  const olderBackup = writeFile(path.join(folder, 'Backups', '2026-03-01 0915', 'Lightroom Catalog.zip'), pseudoRandomBytes(20_000, 40));
  const newestBackup = writeFile(path.join(folder, 'Backups', '2026-04-12 1830', 'Lightroom Catalog.zip'), pseudoRandomBytes(21_000, 41));
  return { catalog, photos: [...raws, jpeg], sidecars, catalogData, newestBackup, olderBackup };
}
