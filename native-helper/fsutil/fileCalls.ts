import fs from 'node:fs';

/**
 * File calls by descriptor through fs's callback API: on the copy's hot path a FileHandle's promise per call
 * cost more than the call itself (bench/findings.md: ~35 calls per small file, the main thread busy 67 s of 80 s
 * in the fs bindings).
 */
const settle =
  <T>(resolve: (value: T) => void, reject: (error: Error) => void) =>
  (error: Error | null, value?: T): void =>
    error ? reject(error) : resolve(value as T);

export const openFile = (file: string, flags: string | number, mode?: number): Promise<number> =>
  new Promise((resolve, reject) => fs.open(file, flags, mode, settle(resolve, reject)));

export const fstat = (fd: number): Promise<fs.Stats> => new Promise((resolve, reject) => fs.fstat(fd, settle(resolve, reject)));

export const readAt = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> =>
  new Promise((resolve, reject) => fs.read(fd, buffer, offset, length, position, settle(resolve, reject)));

/** Writes all of `chunk` at `position`. */
export async function writeAllAt(fd: number, chunk: Uint8Array, position: number): Promise<void> {
  for (let offset = 0; offset < chunk.byteLength; ) {
    const at = position + offset;
    const start = offset;
    offset += await new Promise<number>((resolve, reject) => fs.write(fd, chunk, start, chunk.byteLength - start, at, settle(resolve, reject)));
  }
}

export const truncateFile = (fd: number, length: number): Promise<void> => new Promise((resolve, reject) => fs.ftruncate(fd, length, settle(resolve, reject)));

export const fsyncFile = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.fsync(fd, settle(resolve, reject)));

export const setTimes = (fd: number, seconds: number): Promise<void> =>
  new Promise((resolve, reject) => fs.futimes(fd, seconds, seconds, settle(resolve, reject)));

export const readWholeFile = (fd: number): Promise<Buffer> => new Promise((resolve, reject) => fs.readFile(fd, settle(resolve, reject)));

export const setMode = (fd: number, mode: number): Promise<void> => new Promise((resolve, reject) => fs.fchmod(fd, mode, settle(resolve, reject)));

export const setOwner = (fd: number, uid: number, gid: number): Promise<void> =>
  new Promise((resolve, reject) => fs.fchown(fd, uid, gid, settle(resolve, reject)));

export const closeFile = (fd: number): Promise<void> => new Promise((resolve, reject) => fs.close(fd, settle(resolve, reject)));

/** The OS's own realpath(3): one call, where fs.realpath walks the path a lstat at a time. */
export const realPath = (file: string): Promise<string> => new Promise((resolve, reject) => fs.realpath.native(file, settle(resolve, reject)));

export const renameFile = (from: string, to: string): Promise<void> => new Promise((resolve, reject) => fs.rename(from, to, settle(resolve, reject)));
