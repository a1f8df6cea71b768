/**
 * Escaping for the ASC MHL documents Threefold writes, so that a parser reads back exactly the string
 * written. Every `&` is escaped (xmlbuilder2 leaves one that looks like an entity, `A&amp;B.mov`, as it is),
 * and so are the line-break and tab characters a parser would otherwise normalise (a raw CR in text
 * reads back as LF; raw TAB, LF or CR in an attribute as spaces).
 */
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;' };

export function escapeXmlText(text: string): string {
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!) : text;
}

/** For a value between double quotes. */
export function escapeXmlAttribute(value: string): string {
  return /[&<>"\t\n\r]/.test(value) ? value.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!) : value;
}
