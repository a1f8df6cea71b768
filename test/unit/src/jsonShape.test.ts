import fc from 'fast-check';
import { jsonShape } from '../../../src/protocol/jsonShape';

/** The shape computed from the parsed value, as the definition says. */
function shapeOf(value: unknown): { depth: number; values: number } {
  if (value === null || typeof value !== 'object') return { depth: 0, values: 0 };
  const children = Array.isArray(value) ? value : Object.values(value);
  const inner = children.map(shapeOf);
  return {
    depth: 1 + Math.max(0, ...inner.map((s) => s.depth)),
    values: 1 + Math.max(0, children.length - 1) + inner.reduce((sum, s) => sum + s.values, 0),
  };
}

describe('jsonShape', () => {
  it('is the depth and the count of arrays, objects and further elements of any JSON value, strings full of brackets included', () => {
    const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', ',', '"', '\\', 'a', '\u00e9') });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.array(tricky, { maxLength: 3 }), (value, strings) => {
        const wrapped = [value, ...strings];
        expect(jsonShape(JSON.stringify(wrapped, null, strings.length > 1 ? 2 : undefined))).toEqual(shapeOf(wrapped));
      }),
      { seed: 16_3, numRuns: 500 },
    );
  });

  it('measures 16 million nested arrays without building them', () => {
    const text = '['.repeat(16 * 1024 * 1024) + ']'.repeat(16 * 1024 * 1024);
    expect(jsonShape(text)).toEqual({ depth: 16 * 1024 * 1024, values: 16 * 1024 * 1024 });
  });
});
