import { SaxesParser } from 'saxes';
import {
  passedLimit,
  PROJECT_MAX_MEDIA,
  PROJECT_MEDIA_FIELD_MAX_CHARS,
  PROJECT_MEDIA_MAX_TEXT_CHARS,
  PROJECT_XML_MAX_ATTRIBUTES,
  PROJECT_XML_MAX_DEPTH,
  PROJECT_XML_MAX_ELEMENTS,
  PROJECT_XML_MAX_TOKEN_CHARS,
} from '../../../src/limits/inputLimits';
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
 * any DOCTYPE (Premiere never writes one; XML bombs need one), a root other than `<PremiereData>`, and XML
 * past any of the limits in inputLimits (depth, elements, attributes, a text or name too long to gather,
 * media, media fields), each checked before what it counts is held.
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
  let elements = 0;
  let attributes = 0;
  let attributeChars = 0;
  let media = 0;
  let mediaTextChars = 0;
  const gathering = gatheredBy(parser);

  const refuse = (reason: string): never => {
    throw new UserError(`${projectPath}: ${reason}`);
  };
  const passed = (what: string): never => {
    throw new UserError(passedLimit(projectPath, what));
  };
  const appendText = (text: string): void => {
    if (!currentMedia || !currentField) return;
    const field = currentMedia[currentField] + text;
    if (field.length > PROJECT_MEDIA_FIELD_MAX_CHARS) {
      passed(`a media's <${fieldName(currentField)}> is longer than ${PROJECT_MEDIA_FIELD_MAX_CHARS.toLocaleString('en')} characters`);
    }
    currentMedia[currentField] = field;
  };

  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    const where = `line ${parser.line}, column ${parser.column}`;
    refuse(`damaged or not a Premiere Pro project: not well-formed XML at ${where} (${reason})`);
  });
  parser.on('doctype', () => refuse('refused, it declares a DOCTYPE (Premiere never writes one; an XML bomb uses one)'));
  // Both before the parser keeps anything of the element: its name is read, its attributes not yet.
  parser.on('opentagstart', () => {
    elements += 1;
    attributes = 0;
    attributeChars = 0;
    if (depth >= PROJECT_XML_MAX_DEPTH) passed(`its XML nests deeper than ${PROJECT_XML_MAX_DEPTH} elements`);
    if (elements > PROJECT_XML_MAX_ELEMENTS) passed(`its XML has more than ${PROJECT_XML_MAX_ELEMENTS.toLocaleString('en')} elements`);
  });
  parser.on('attribute', (attribute) => {
    attributes += 1;
    attributeChars += attribute.value.length;
    if (attributes > PROJECT_XML_MAX_ATTRIBUTES) passed(`an element of its XML has more than ${PROJECT_XML_MAX_ATTRIBUTES} attributes`);
    if (attributeChars > PROJECT_XML_MAX_TOKEN_CHARS)
      passed(`the attributes of an element of its XML are longer than ${PROJECT_XML_MAX_TOKEN_CHARS.toLocaleString('en')} characters together`);
  });
  parser.on('opentag', (tag) => {
    depth += 1;
    if (depth === ROOT_DEPTH && tag.name !== 'PremiereData') {
      refuse(`not a Premiere Pro project (its XML root is <${tag.name}>, not <PremiereData>)`);
    }
    if (depth === OBJECT_DEPTH && tag.name === 'Media') {
      media += 1;
      if (media > PROJECT_MAX_MEDIA) passed(`it has more than ${PROJECT_MAX_MEDIA.toLocaleString('en')} media items`);
      currentMedia = {};
    }
    if (depth === OBJECT_DEPTH && tag.name === 'Project' && projectVersion === null && tag.attributes.Version !== undefined) {
      projectVersion = tag.attributes.Version;
    }
    if (depth === FIELD_DEPTH && currentMedia && Object.hasOwn(MEDIA_FIELDS, tag.name)) {
      currentField = MEDIA_FIELDS[tag.name];
      currentMedia[currentField] = '';
      // Text is collected only inside the fields we read: a huge text elsewhere never piles up in memory.
      parser.on('text', appendText);
    }
  });
  // Always listened to, not only inside a field: a CDATA section is gathered whole even when unheard.
  parser.on('cdata', appendText);
  parser.on('closetag', () => {
    if (depth === FIELD_DEPTH && currentMedia && currentField) {
      currentMedia[currentField] = ownCopy(currentMedia[currentField]!);
      mediaTextChars += currentMedia[currentField]!.length;
      if (mediaTextChars > PROJECT_MEDIA_MAX_TEXT_CHARS) {
        passed(`the paths and names of its media are longer than ${PROJECT_MEDIA_MAX_TEXT_CHARS.toLocaleString('en')} characters together`);
      }
      currentField = null;
      parser.off('text');
    }
    if (depth === OBJECT_DEPTH && currentMedia) {
      onMedia(currentMedia);
      currentMedia = null;
    }
    depth -= 1;
  });

  return {
    write: (text) => {
      // In pieces: what the parser gathers is checked between them, so it passes the limit by one piece at most.
      for (let at = 0; at < text.length; at += WRITE_PIECE_CHARS) {
        parser.write(at === 0 && text.length <= WRITE_PIECE_CHARS ? text : text.slice(at, at + WRITE_PIECE_CHARS));
        if (gathering() > PROJECT_XML_MAX_TOKEN_CHARS) {
          passed(
            `a name, attribute, comment, CDATA section, processing instruction or media field of its XML is longer than ${PROJECT_XML_MAX_TOKEN_CHARS.toLocaleString('en')} characters`,
          );
        }
      }
    },
    close: () => {
      parser.close();
      return { projectVersion };
    },
  };
}

const WRITE_PIECE_CHARS = 64 * 1024;

/**
 * The characters the parser holds while it reads one thing (a name, an attribute value, a comment, a CDATA
 * section, a processing instruction, an entity's name, a text we listen to), before it hands it on whole.
 * saxes has no limit of its own and keeps these in its private fields; a text nobody listens to is not
 * kept. saxes 6.0.0 (2021) is the last release; an upgrade that renamed the fields fails here, at once.
 */
function gatheredBy(parser: SaxesParser): () => number {
  const buffers = parser as unknown as { text: unknown; name: unknown; entity: unknown; piTarget: unknown };
  for (const field of ['text', 'name', 'entity', 'piTarget'] as const) {
    if (typeof buffers[field] !== 'string') throw new Error(`saxes has no string field "${field}": premiereMediaCollector cannot bound what it gathers`);
  }
  const held = buffers as { text: string; name: string; entity: string; piTarget: string };
  return () => held.text.length + held.name.length + held.entity.length + held.piTarget.length;
}

/** The element a field is read from, for a message. */
function fieldName(field: keyof PremiereMediaFields): string {
  return Object.keys(MEDIA_FIELDS).find((name) => MEDIA_FIELDS[name] === field)!;
}

/**
 * saxes hands text as slices of the chunk it was given, and V8 keeps a slice's whole parent alive: the fields
 * of 100,000 media would hold every 64 KiB chunk of a 40 MB XML. A copy holds only itself.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
