import fs from 'node:fs';
import zlib from 'node:zlib';
import { formatBytes } from '../../../src/format/formatBytes';
import { passedLimit, PROJECT_GZIP_MAX_RATIO, PROJECT_GZIP_RATIO_FLOOR_BYTES, PROJECT_XML_MAX_BYTES } from '../../../src/limits/inputLimits';
import { describeFsError, UserError } from '../../errors';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Streams a project's XML text to `onText`, chunk by chunk: gzip-compressed (Premiere CC and later) or plain
 * (CS6 and older), told apart by the first two bytes. Never holds the whole document in memory.
 */
export async function streamProjectXml(projectPath: string, onText: (text: string) => void, maxXmlBytes?: number): Promise<void> {
  const size = await projectFileSize(projectPath);
  const compressed = await startsWithGzipMagic(projectPath);
  const limit = maxXmlBytes ?? xmlByteLimit(size, compressed);
  const source = fs.createReadStream(projectPath);
  const xml = compressed ? source.pipe(zlib.createGunzip({ chunkSize: 64 * 1024 })) : source;
  // Not `pipeline`: Node 20's can reject with a bare AbortError instead of the stage's own error
  // (nodejs/node#62089), even after a complete read. A read error is handed on to the XML stream instead.
  if (compressed) source.once('error', (error) => xml.destroy(error));
  try {
    // Not fatal on bad UTF-8: a stray byte in one name should not make the whole project unreadable
    // (that path then reads as missing).
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of limitBytes(xml, limit, projectPath)) onText(decoder.decode(chunk, { stream: true }));
    onText(decoder.decode());
  } catch (error) {
    throw asUserError(error, projectPath);
  } finally {
    source.destroy();
    xml.destroy();
  }
}

async function projectFileSize(projectPath: string): Promise<number> {
  let info: fs.Stats;
  try {
    info = await fs.promises.stat(projectPath);
  } catch (error) {
    throw new UserError(`${projectPath}: cannot read the project: ${describeFsError(error)}`);
  }
  if (!info.isFile()) throw new UserError(`${projectPath}: not a project file (it is a folder or a device)`);
  if (info.size === 0) throw new UserError(`${projectPath}: the file is empty (0 bytes), not a Premiere Pro project`);
  return info.size;
}

async function startsWithGzipMagic(projectPath: string): Promise<boolean> {
  try {
    const handle = await fs.promises.open(projectPath, 'r');
    try {
      const { bytesRead, buffer } = await handle.read(new Uint8Array(2), 0, 2, 0);
      return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UserError(`${projectPath}: cannot read the project: ${describeFsError(error)}`);
  }
}

/** The most XML a project of `size` bytes may hold: a gzip bomb is stopped early, a plain file at its size. */
function xmlByteLimit(size: number, compressed: boolean): number {
  if (!compressed) return PROJECT_XML_MAX_BYTES;
  return Math.min(PROJECT_XML_MAX_BYTES, Math.max(PROJECT_GZIP_RATIO_FLOOR_BYTES, PROJECT_GZIP_MAX_RATIO * size));
}

/** Passes chunks through until their total passes `limit`, then refuses the file. */
async function* limitBytes(chunks: AsyncIterable<Uint8Array>, limit: number, projectPath: string): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > limit) {
      const rule = `${PROJECT_GZIP_MAX_RATIO} times the file's size, at least ${formatBytes(PROJECT_GZIP_RATIO_FLOOR_BYTES)}, at most ${formatBytes(PROJECT_XML_MAX_BYTES)}`;
      throw new UserError(passedLimit(projectPath, `its XML is larger than ${formatBytes(limit)} (the limit is ${rule}): a damaged file or a gzip bomb`));
    }
    yield chunk;
  }
}

function asUserError(error: unknown, projectPath: string): unknown {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code?.startsWith('Z_')) {
    return new UserError(`${projectPath}: the compressed project is truncated or damaged (${(error as Error).message})`);
  }
  if ((error as NodeJS.ErrnoException)?.syscall) {
    return new UserError(`${projectPath}: cannot read the project: ${describeFsError(error)}`);
  }
  return error;
}
