import { REQUEST_JSON_MAX_DEPTH, REQUEST_JSON_MAX_VALUES } from '../limits/inputLimits';

export interface JsonShape {
  /** How deep arrays and objects nest (0: a plain value). */
  depth: number;
  /** Arrays and objects, plus each element or member after the first of each: what JSON.parse would build, but strings. */
  values: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);

/**
 * The shape of a JSON text, read without parsing it: JSON.parse builds every array and object before anything
 * can look at them (16 million nested arrays, 32 MB of text, take it 1.6 GB). Text that is not JSON gets a
 * shape too; JSON.parse refuses it afterwards.
 */
export function jsonShape(text: string): JsonShape {
  let depth = 0;
  let deepest = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (OPEN.has(c)) {
      depth += 1;
      values += 1;
      if (depth > deepest) deepest = depth;
    } else if (CLOSE.has(c)) {
      depth -= 1;
    } else if (c === COMMA) {
      values += 1;
    }
  }
  return { depth: deepest, values };
}

/** Why a request's JSON text is refused before it is parsed, or null when its shape is within the limits. */
export function requestShapeRefusal(text: string): string | null {
  const shape = jsonShape(text);
  if (shape.depth > REQUEST_JSON_MAX_DEPTH) return `the request nests deeper than ${REQUEST_JSON_MAX_DEPTH} levels: no request is built so`;
  if (shape.values > REQUEST_JSON_MAX_VALUES)
    return `the request holds more than ${REQUEST_JSON_MAX_VALUES.toLocaleString('en')} values: no request is that large`;
  return null;
}
