import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** One `<Media>` element to write; a field left out is not written. */
export interface MediaSpec {
  actualMediaFilePath?: string;
  filePath?: string;
  relativePath?: string;
  title?: string;
  isProxy?: boolean;
  offlineReason?: number;
  contentAndMetadataState?: string;
  /** Write the element inside `<nestedIn>` instead of directly under `<PremiereData>`. */
  nestedIn?: string;
}

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** A synthetic item as Premiere writes one: a number for a path, an all-zero state. */
export function syntheticMedia(title: string): MediaSpec {
  return { filePath: '1112293707', actualMediaFilePath: '1112293707', title, contentAndMetadataState: ZERO_GUID };
}

/** Writes a project shaped like Premiere's, streaming (100,000 media stay fast and small in memory). */
export async function writePremiereProject(
  file: string,
  media: MediaSpec[],
  { gzip = true, version = 38 }: { gzip?: boolean; version?: number } = {},
): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const xml = Readable.from(projectXml(media, version));
  if (gzip) await pipeline(xml, zlib.createGzip(), fs.createWriteStream(file));
  else await pipeline(xml, fs.createWriteStream(file));
  return file;
}

function* projectXml(media: MediaSpec[], version: number): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8" ?>\n<PremiereData Version="3">\n';
  yield '\t<Project ObjectRef="1"/>\n';
  yield `\t<Project ObjectID="1" ClassID="62ad66dd-0dcd-42da-a660-6d8fbde94876" Version="${version}">\n\t\t<Node Version="1"/>\n\t</Project>\n`;
  let batch = '';
  for (const [index, spec] of media.entries()) {
    batch += mediaXml(spec, index);
    if (batch.length > 64 * 1024) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</PremiereData>\n`;
}

function mediaXml(spec: MediaSpec, index: number): string {
  const fields: [string, string | undefined][] = [
    ['RelativePath', spec.relativePath],
    ['FilePath', spec.filePath],
    ['ImplementationID', '1fa18bfa-255c-44b1-ad73-56bcd99fceaf'],
    ['Title', spec.title],
    ['ActualMediaFilePath', spec.actualMediaFilePath],
    ['IsProxy', spec.isProxy === undefined ? undefined : String(spec.isProxy)],
    ['OfflineReason', spec.offlineReason === undefined ? undefined : String(spec.offlineReason)],
    ['ContentAndMetadataState', spec.contentAndMetadataState ?? 'dfca306b-365c-6f83-7045-54530000002c'],
  ];
  const uid = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const body = fields
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `\t\t<${name}>${escapeXml(value as string)}</${name}>\n`)
    .join('');
  const element = `\t<Media ObjectUID="${uid}" ClassID="7a5c103e-f3ac-4391-b6b4-7cc3d2f9a7ff" Version="27">\n${body}\t</Media>\n`;
  return spec.nestedIn ? `\t<${spec.nestedIn} ObjectID="${index + 2}" Version="1">\n${element}\t</${spec.nestedIn}>\n` : element;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
