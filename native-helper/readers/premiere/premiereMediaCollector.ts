import { SaxesParser } from 'saxes';
import type { PremiereMediaFields } from '../../../src/projects/premiere/classifyPremiereMedia';
import { UserError } from '../../errors';

export interface PremiereXmlContents {
  /** `Version` of the first top-level `<Project>` that has one. */
  projectVersion: string | null;
}

/** `<Media>` children we read, by element name. */
const MEDIA_FIELDS: Record<string, keyof PremiereMediaFields> = {
  ActualMediaFilePath: 'actualMediaFilePath',
  FilePath: 'filePath',
  RelativePath: 'relativePath',
  Title: 'title',
  IsProxy: 'isProxy',
  ContentAndMetadataState: 'contentAndMetadataState',
  OfflineReason: 'offlineReason',
  ImplementationID: 'implementationId',
};

// Depths: <PremiereData> is 1, its objects 2, their fields 3. Nested elements reuse the names
// (a <Media ObjectURef> inside a clip is a reference, not a media), so only these depths count.
const ROOT_DEPTH = 1;
const OBJECT_DEPTH = 2;
const FIELD_DEPTH = 3;

/**
 * A streaming (SAX) reader of a project's XML that keeps only what a backup needs: each `<Media>` directly
 * under `<PremiereData>` goes to `onMedia` as soon as it ends, in document order. Feed it with `write`,
 * finish with `close`. Refuses, as a UserError naming `projectPath`: malformed XML, undefined entities,
 * any DOCTYPE (Premiere never writes one; XML bombs need one), a root other than `<PremiereData>`.
 */
export function createPremiereMediaCollector(
  projectPath: string,
  onMedia: (media: PremiereMediaFields) => void,
): { write(text: string): void; close(): PremiereXmlContents } {
  const parser = new SaxesParser();
  let projectVersion: string | null = null;
  let depth = 0;
  let currentMedia: PremiereMediaFields | null = null;
  let currentField: keyof PremiereMediaFields | null = null;

  const refuse = (reason: string): never => {
    throw new UserError(`${projectPath}: ${reason}`);
  };
  const appendText = (text: string): void => {
    if (currentMedia && currentField) currentMedia[currentField] += text;
  };

  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    const where = `line ${parser.line}, column ${parser.column}`;
    refuse(`damaged or not a Premiere Pro project: not well-formed XML at ${where} (${reason})`);
  });
  parser.on('doctype', () => refuse('refused, it declares a DOCTYPE (Premiere never writes one; an XML bomb uses one)'));
  parser.on('opentag', (tag) => {
    depth += 1;
    if (depth === ROOT_DEPTH && tag.name !== 'PremiereData') {
      refuse(`not a Premiere Pro project (its XML root is <${tag.name}>, not <PremiereData>)`);
    }
    if (depth === OBJECT_DEPTH && tag.name === 'Media') currentMedia = {};
    if (depth === OBJECT_DEPTH && tag.name === 'Project' && projectVersion === null && tag.attributes.Version !== undefined) {
      projectVersion = tag.attributes.Version;
    }
    if (depth === FIELD_DEPTH && currentMedia && Object.hasOwn(MEDIA_FIELDS, tag.name)) {
      currentField = MEDIA_FIELDS[tag.name];
      currentMedia[currentField] = '';
      // Text is collected only inside the fields we read: a huge text elsewhere never piles up in memory.
      parser.on('text', appendText);
      parser.on('cdata', appendText);
    }
  });
  parser.on('closetag', () => {
    if (depth === FIELD_DEPTH && currentMedia && currentField) {
      currentMedia[currentField] = ownCopy(currentMedia[currentField]!);
      currentField = null;
      parser.off('text');
      parser.off('cdata');
    }
    if (depth === OBJECT_DEPTH && currentMedia) {
      onMedia(currentMedia);
      currentMedia = null;
    }
    depth -= 1;
  });

  return {
    write: (text) => void parser.write(text),
    close: () => {
      parser.close();
      return { projectVersion };
    },
  };
}

/**
 * saxes hands text as slices of the chunk it was given, and V8 keeps a slice's whole parent alive: the fields
 * of 100,000 media would hold every 64 KiB chunk of a 40 MB XML. A copy holds only itself.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
