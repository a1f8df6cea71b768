import { escapeXmlAttribute as attribute, escapeXmlText as text } from './xmlEscape';

export type MhlProcess = 'transfer' | 'in-place';
export type MhlAction = 'original' | 'verified' | 'failed';

export interface MhlEntry {
  /** Relative to the history's root, `/`-separated. */
  path: string;
  size: number;
  mtimeMs: number;
  xxh64: string;
  action: MhlAction;
  hashDate: Date;
}

/** What a generation says of itself; its entries come apart, as many as there are. */
export interface GenerationHeader {
  process: MhlProcess;
  creationDate: Date;
  hostname: string;
  toolVersion: string;
}

/** Threefold's own files (manifests, records, copies in progress): declared so that a verifier does not call them "new". */
export const IGNORE_PATTERNS = ['.DS_Store', 'ascmhl', 'ascmhl/', '.threefold', '.threefold/', '*.threefold-partial'];

/** Text is handed on in pieces of about this many characters. */
const PIECE_CHARS = 64 * 1024;

/**
 * An ASC MHL v2 generation (ASCMHL.xsd), hashes xxh64 in canonical big-endian hex, as pieces of text in
 * document order. Entries are taken as the text needs them: a generation of 100,000 files (~25 MB of text)
 * is never held whole, neither as text nor as a document tree. Laid out as xmlbuilder2 pretty-prints
 * (two-space indent, no final newline).
 */
export async function* generationText(header: GenerationHeader, entries: AsyncIterable<MhlEntry> | Iterable<MhlEntry>): AsyncGenerator<string> {
  let piece = generationHead(header);
  let hashes = 0;
  for await (const entry of entries) {
    if (hashes === 0) piece += '\n  <hashes>';
    hashes += 1;
    piece += hashElement(entry);
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  // An empty <hashes> is not valid: a generation without entries has none.
  yield `${piece}${hashes > 0 ? '\n  </hashes>' : ''}\n</hashlist>`;
}

function generationHead(h: GenerationHeader): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<hashlist xmlns="urn:ASC:MHL:v2.0" version="2.0">',
    '  <creatorinfo>',
    `    <creationdate>${isoWithOffset(h.creationDate)}</creationdate>`,
    `    <hostname>${text(h.hostname)}</hostname>`,
    `    <tool version="${attribute(h.toolVersion)}">threefold</tool>`,
    '  </creatorinfo>',
    '  <processinfo>',
    `    <process>${h.process}</process>`,
    '    <ignore>',
    ...IGNORE_PATTERNS.map((p) => `      <pattern>${text(p)}</pattern>`),
    '    </ignore>',
    '  </processinfo>',
  ].join('\n');
}

function hashElement(e: MhlEntry): string {
  const modified = isoWithOffset(new Date(e.mtimeMs));
  return (
    `\n    <hash>` +
    `\n      <path size="${e.size}" lastmodificationdate="${modified}">${text(e.path)}</path>` +
    `\n      <xxh64 action="${e.action}" hashdate="${isoWithOffset(e.hashDate)}">${text(e.xxh64)}</xxh64>` +
    `\n    </hash>`
  );
}

/** xs:dateTime with an explicit UTC offset, to the second, as the ASC's tools write it. */
export function isoWithOffset(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}
