import { escapeXmlText } from './xmlEscape';

// The parser is loaded by the function that uses it (when a job appends a generation), not at every start of
// the CLI. The chain is written as text: an XML builder's modules cost more CPU than the job's own end.
type FastXmlParser = typeof import('fast-xml-parser');

export interface ChainLink {
  sequence: number;
  /** The generation's file name inside the ascmhl folder. */
  path: string;
  c4: string;
}

export class ChainError extends Error {}

/** Reads ascmhl_chain.xml (ASCMHLDirectory.xsd). */
export function parseChain(xml: string): ChainLink[] {
  const { XMLParser } = require('fast-xml-parser') as FastXmlParser;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => name === 'hashlist',
    parseTagValue: false,
    parseAttributeValue: false,
  });
  let doc: { ascmhldirectory?: { hashlist?: Array<{ sequencenr?: string; path?: string; c4?: string | { '#text': string } }> } };
  try {
    doc = parser.parse(xml);
  } catch (error) {
    throw new ChainError(`ascmhl_chain.xml is not readable XML: ${(error as Error).message}`);
  }
  const lists = doc.ascmhldirectory?.hashlist;
  if (!doc.ascmhldirectory) throw new ChainError('ascmhl_chain.xml has no <ascmhldirectory>');
  return (lists ?? []).map((h) => {
    const c4 = typeof h.c4 === 'object' ? h.c4['#text'] : h.c4;
    const sequence = Number(h.sequencenr);
    if (!Number.isInteger(sequence) || !h.path || !c4) throw new ChainError('ascmhl_chain.xml has an incomplete <hashlist>');
    return { sequence, path: h.path, c4 };
  });
}

export function chainXml(links: readonly ChainLink[]): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0"';
  if (links.length === 0) return `${head}/>`;
  const lists = links.map(
    (link) =>
      `  <hashlist sequencenr="${link.sequence}">\n    <path>${escapeXmlText(link.path)}</path>\n    <c4>${escapeXmlText(link.c4)}</c4>\n  </hashlist>\n`,
  );
  return `${head}>\n${lists.join('')}</ascmhldirectory>`;
}
