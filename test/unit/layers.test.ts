// Dependencies point one way (DESIGN.md, "Parts and layout"): panel → src, native-helper → src;
// src depends on nothing but the pure, platform-free packages listed here (no Node built-ins, no other npm
// packages, nothing outside src/); panel and native-helper never import each other.
// zod: the protocol's schemas live in src/ and are validated on both sides (DESIGN.md, "Helper service").
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const LAYERS = ['src', 'panel', 'native-helper'] as const;
const PURE_PACKAGES = new Set(['zod']);
type Layer = (typeof LAYERS)[number];

interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** Module specifiers of static imports/exports, `import x = require()`, `require()` and `import()`. */
function importSpecifiers(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    // Line comments, but not the `//` of a URL inside a string ("http://…").
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1');
  const patterns = [
    // import x from '…'; import { a, b } from '…'; import type …; export * from '…'; import '…';
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]*?\s*from\s*)?['"]([^'"\n]+)['"]/g,
    // require('…'), import('…')
    /\b(?:require|import)\s*\(\s*['"`]([^'"`\n]+)['"`]\s*\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1] as string));
}

function layerOf(file: string): Layer | undefined {
  const top = path.relative(repo, file).split(path.sep)[0];
  return LAYERS.find((l) => l === top);
}

/** Every import in `source` (the text of `file`) that breaks the dependency direction. */
function checkSource(file: string, source: string): Violation[] {
  const layer = layerOf(file);
  const rel = path.relative(repo, file);
  const violations: Violation[] = [];
  for (const specifier of importSpecifiers(source)) {
    const relative = /^\.\.?(?:\/|$)/.test(specifier); // './x', '../x', '.', '..'
    const target = relative ? path.resolve(path.dirname(file), specifier) : undefined;
    const targetTop = target === undefined ? undefined : path.relative(repo, target).split(path.sep)[0];
    let why: string | undefined;
    if (layer === 'src') {
      if (!relative) {
        if (!PURE_PACKAGES.has(specifier)) why = 'src/ is pure TypeScript: no Node built-ins, no packages but pure ones (zod)';
      } else if (targetTop !== 'src') why = 'src/ imports nothing outside src/';
    } else if (layer === 'panel' && targetTop === 'native-helper') {
      why = 'panel/ never imports native-helper/';
    } else if (layer === 'native-helper' && targetTop === 'panel') {
      why = 'native-helper/ never imports panel/';
    }
    if (why) violations.push({ file: rel, specifier, why });
  }
  return violations;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('dependency direction', () => {
  it('src → nothing but pure packages, panel ↛ native-helper, native-helper ↛ panel', () => {
    const files = LAYERS.flatMap((l) => sourceFiles(path.join(repo, l)));
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((f) => checkSource(f, fs.readFileSync(f, 'utf8')));
    expect(violations.map((v) => `${v.file}: '${v.specifier}' (${v.why})`)).toEqual([]);
  });

  it('the checker finds violations in every import form, and only those', () => {
    const inSrc = path.join(repo, 'src/policy/example.ts');
    const srcSource = [
      "import fs from 'node:fs';",
      "import { join } from 'path';",
      "import { z } from 'zod';",
      "import { render } from 'react';",
      "import type { Job } from '../../native-helper/engine/protect';",
      "export { thing } from '../../panel/thing';",
      "const t = require('../../test/helpers/tempDir');",
      "const lazy = () => import('../../native-helper/cli/main');",
      'import {',
      '  a,',
      '  b,',
      "} from '../../panel/multi';",
      "import { ok } from './policy';",
      "import { alsoOk } from '../paths/mapSourcePath';",
      "import { index } from '..';",
      "// import { commented } from 'fs';",
      "const url = 'http://127.0.0.1:7737'; // import 'node:os'",
    ].join('\n');
    expect(checkSource(inSrc, srcSource).map((v) => v.specifier)).toEqual([
      'node:fs',
      'path',
      'react',
      '../../native-helper/engine/protect',
      '../../panel/thing',
      '../../panel/multi',
      '../../test/helpers/tempDir',
      '../../native-helper/cli/main',
    ]);

    const inPanel = path.join(repo, 'panel/host/premiere.ts');
    const panelSource = [
      "import { protect } from '../../native-helper/engine/protect';",
      "import { policy } from '../../src/policy/policy';",
      "const ppro = require('premierepro');",
    ].join('\n');
    expect(checkSource(inPanel, panelSource)).toEqual([
      {
        file: path.join('panel', 'host', 'premiere.ts'),
        specifier: '../../native-helper/engine/protect',
        why: 'panel/ never imports native-helper/',
      },
    ]);

    const inHelper = path.join(repo, 'native-helper/cli/main.ts');
    const helperSource = "import { App } from '../../panel/App';\nimport fs from 'node:fs';\nimport { p } from '../../src/policy/policy';";
    expect(checkSource(inHelper, helperSource).map((v) => v.specifier)).toEqual(['../../panel/App']);
  });
});
