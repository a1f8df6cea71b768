// One name, one meaning: an exported type, interface, class or enum is declared in one file of src/, panel/
// and native-helper/ together, so an import never picks the wrong one of two look-alikes.
import fs from 'node:fs';
import path from 'node:path';
import { sourceFiles, withoutComments } from '../helpers/sourceFiles';

const repo = path.resolve(__dirname, '../..');
const PARTS = ['src', 'panel', 'native-helper'];

/** The names of the types, interfaces, classes and enums `source` declares and exports. */
function exportedTypeNames(source: string): string[] {
  const declaration = /^[ \t]*export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:const\s+)?(?:interface|type|class|enum)\s+([A-Za-z_$][\w$]*)/gm;
  return [...withoutComments(source).matchAll(declaration)].map((m) => m[1] as string);
}

/** Each exported type name declared in more than one file, with those files (relative to the repo). */
function namesDeclaredTwice(files: ReadonlyArray<{ file: string; source: string }>): string[] {
  const declaredIn = new Map<string, Set<string>>();
  for (const { file, source } of files) {
    for (const name of exportedTypeNames(source)) {
      if (!declaredIn.has(name)) declaredIn.set(name, new Set());
      declaredIn.get(name)!.add(path.relative(repo, file));
    }
  }
  return [...declaredIn]
    .filter(([, where]) => where.size > 1)
    .map(([name, where]) => `${name}: ${[...where].sort().join(', ')}`)
    .sort();
}

describe('exported type names', () => {
  it('each is declared in one file of src/, panel/ and native-helper/', () => {
    const files = PARTS.flatMap((p) => sourceFiles(path.join(repo, p))).map((file) => ({ file, source: fs.readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(0);
    expect(namesDeclaredTwice(files)).toEqual([]);
  });

  it('the checker finds a name declared in two files, in every declaration form, and only those', () => {
    const at = (rel: string) => path.join(repo, rel);
    const files = [
      { file: at('src/protocol/messages.ts'), source: 'export type JobState = (typeof JOB_STATES)[number];\nexport interface Plan {\n  a: number;\n}' },
      { file: at('panel/ui/state/useJob.ts'), source: 'export interface JobState {\n  job: null;\n}\nexport declare class Plan {}' },
      {
        file: at('native-helper/engine/a.ts'),
        source: 'export abstract class Runner {}\nexport const enum Mode { A }\ninterface Local {}\nexport function JobState() {}',
      },
      { file: at('native-helper/engine/b.ts'), source: 'export class Runner {}\nexport enum Mode { B }\ninterface Local {}\n// export type Quiet = 1;' },
      { file: at('native-helper/engine/c.ts'), source: "/** export interface Quiet {} */\nexport type { Plan } from './plan';\ntype Local = 1;" },
      { file: at('src/policy/d.ts'), source: 'export type Quiet = 2;' },
    ];
    expect(namesDeclaredTwice(files)).toEqual([
      `JobState: ${path.join('panel', 'ui', 'state', 'useJob.ts')}, ${path.join('src', 'protocol', 'messages.ts')}`,
      `Mode: ${path.join('native-helper', 'engine', 'a.ts')}, ${path.join('native-helper', 'engine', 'b.ts')}`,
      `Plan: ${path.join('panel', 'ui', 'state', 'useJob.ts')}, ${path.join('src', 'protocol', 'messages.ts')}`,
      `Runner: ${path.join('native-helper', 'engine', 'a.ts')}, ${path.join('native-helper', 'engine', 'b.ts')}`,
    ]);
  });
});
