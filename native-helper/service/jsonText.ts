/**
 * A result already serialised: a large answer kept as text is sent as it is, not stringified again for
 * every request. Anything that serialises it the ordinary way still gets the same JSON.
 */
export class JsonText<T = unknown> {
  /** What the text is the JSON of (for types only). */
  declare readonly of?: T;

  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** A successful response's text (over HTTP the id may be left out); a kept answer goes in as it is. */
export function successResponseText(id: string | undefined, result: unknown): string {
  const head = id === undefined ? '{"type":"response"' : `{"type":"response","id":${JSON.stringify(id)}`;
  return result instanceof JsonText ? `${head},"ok":true,"result":${result.text}}` : `${head},"ok":true,"result":${JSON.stringify(result) ?? 'null'}}`;
}
