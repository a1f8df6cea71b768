// The XML libraries are loaded by the functions that use them (when a job writes a generation): at every
// start of the CLI, xmlbuilder2 alone cost ~0.15 s of CPU.
type FastXmlParser = typeof import('fast-xml-parser');
type XmlBuilder2 = typeof import('xmlbuilder2');

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
  const { create } = require('xmlbuilder2') as XmlBuilder2;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('urn:ASC:MHL:DIRECTORY:v2.0', 'ascmhldirectory');
  for (const link of links) {
    const list = root.ele('hashlist', { sequencenr: String(link.sequence) });
    list.ele('path').txt(link.path);
    list.ele('c4').txt(link.c4);
  }
  return root.end({ prettyPrint: true });
}
