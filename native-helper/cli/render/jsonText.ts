/**
 * `JSON.stringify(value, null, 2)` of an object, in pieces: each element of an array property (the 100,000
 * assets of a status document) is stringified on its own, so the whole text never exists at once.
 */
export function* jsonTextPieces(value: object): Generator<string> {
  // What JSON.stringify leaves out of an object.
  const properties = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (properties.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (const [i, [key, v]] of properties.entries()) {
    const comma = i < properties.length - 1 ? ',' : '';
    if (Array.isArray(v) && v.length > 0) {
      yield `\n  ${JSON.stringify(key)}: [`;
      for (let j = 0; j < v.length; j += 1) yield `\n    ${nested(v[j] ?? null, '    ')}${j < v.length - 1 ? ',' : ''}`;
      yield `\n  ]${comma}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${nested(v, '  ')}${comma}`;
    }
  }
  yield '\n}';
}

/** A value's JSON as it reads at that depth: JSON text holds no raw line break but its own. */
function nested(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}
