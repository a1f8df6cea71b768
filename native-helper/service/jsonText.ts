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
