// panel/host/uxpTypes.d.ts declares the part of `uxp` the panel uses instead of including
// @adobe/cc-ext-uxp-types (whose globals break lib DOM): its method signatures must stay those of the package.
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../../..');
const ours = fs.readFileSync(path.join(repo, 'panel/host/uxpTypes.d.ts'), 'utf8');
const theirs = fs.readFileSync(path.join(repo, 'node_modules/@adobe/cc-ext-uxp-types/uxp/index.d.ts'), 'utf8');

/** `name(params): result;` lines, whitespace-normalised. */
function methodSignatures(source: string): string[] {
  return source
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => /^(static )?\w+\(.*\): .+;$/.test(line));
}

describe('uxpTypes.d.ts', () => {
  const declared = methodSignatures(ours);

  it('declares the methods the panel calls', () => {
    expect(declared.map((s) => s.replace(/\(.*/, ''))).toEqual([
      'setItem',
      'getItem',
      'removeItem',
      'doesPropertyExist',
      'getProperty',
      'setProperty',
      'serialize',
      'static registerNamespace',
      'openExternal',
    ]);
  });

  it('copies each signature from @adobe/cc-ext-uxp-types', () => {
    const published = new Set(methodSignatures(theirs));
    expect(declared.filter((s) => !published.has(s))).toEqual([]);
  });
});
