/**
 * A result already serialised: a large answer kept as UTF-8 is sent as it is, not stringified or encoded
 * again for every request. Anything that serialises it the ordinary way still gets the same JSON.
 */
export class JsonText<T = unknown> {
  /** What the text is the JSON of (for types only). */
  declare readonly of?: T;
  readonly bytes: Buffer;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }

  toJSON(): unknown {
    return JSON.parse(this.bytes.toString('utf8'));
  }
}

/**
 * A successful response, as the pieces of one message in order: a kept answer goes in as its own bytes, so
 * 100,000 files' badges are not copied into a new text per request.
 */
export function successResponseParts(id: string, result: unknown): Array<string | Buffer> {
  const head = `{"type":"response","id":${JSON.stringify(id)}`;
  return result instanceof JsonText ? [`${head},"ok":true,"result":`, result.bytes, '}'] : [`${head},"ok":true,"result":${JSON.stringify(result) ?? 'null'}}`];
}
