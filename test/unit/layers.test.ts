// Dependencies point one way (docs/DESIGN.md, "Layers, and what may import what"): panel → src, native-helper → src;
// src depends on nothing but the pure, platform-free packages listed here (no Node built-ins, no other npm
// packages, nothing outside src/); panel and native-helper never import each other.
// zod: the protocol's schemas live in src/ and are validated on both sides (docs/DESIGN.md, "The helper").
// Inside native-helper/, folders sit in layers: a folder imports its own layer or lower ones, and the folder
// graph has no cycle. bench/ and test/ may import anything.
import fs from 'node:fs';
import path from 'node:path';
import { sourceFiles, withoutComments } from '../helpers/sourceFiles';

const repo = path.resolve(__dirname, '../..');
const LAYERS = ['src', 'panel', 'native-helper'] as const;
const PURE_PACKAGES = new Set(['zod']);
type Layer = (typeof LAYERS)[number];

/** native-helper/'s folders (and top-level files, without `.ts`), lowest layer first. */
const HELPER_LAYERS: ReadonlyArray<{ layer: string; parts: readonly string[] }> = [
  { layer: 'base', parts: ['errors', 'version', 'bundledVersion', 'fsutil', 'hash', 'system', 'sqlite'] },
  { layer: 'platform', parts: ['config', 'catalog', 'destinations', 'mhl', 'readers', 'notify'] },
  { layer: 'domain', parts: ['targets', 'engine', 'reports'] },
  { layer: 'entry points', parts: ['service', 'install', 'cli', 'demo'] },
];

interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** Module specifiers of static imports/exports, `import x = require()`, `require()` and `import()`. */
function importSpecifiers(source: string): string[] {
  const code = withoutComments(source);
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
    } else if ((layer === 'panel' || layer === 'native-helper') && (targetTop === 'test' || targetTop === 'bench')) {
      why = `${layer}/ never imports test/ or bench/`;
    } else if (layer === 'panel' && targetTop === 'native-helper') {
      why = 'panel/ never imports native-helper/';
    } else if (layer === 'native-helper' && targetTop === 'panel') {
      why = 'native-helper/ never imports panel/';
    }
    if (why) violations.push({ file: rel, specifier, why });
  }
  return violations;
}

interface SourceText {
  file: string;
  source: string;
}

/** The folder (or top-level file, without `.ts`) of native-helper/ that `file` is in; undefined outside it. */
function helperPartOf(file: string): string | undefined {
  const [top, part, ...rest] = path.relative(repo, file).split(path.sep);
  if (top !== 'native-helper' || part === undefined) return undefined;
  return rest.length === 0 ? part.replace(/\.tsx?$/, '') : part;
}

const helperLayerIndex = (part: string): number => HELPER_LAYERS.findIndex((l) => l.parts.includes(part));

/** Each import of one native-helper/ folder by another, as [from, to, the importing file, the specifier]. */
function helperImports(files: readonly SourceText[]): Array<{ from: string; to: string; file: string; specifier: string }> {
  return files.flatMap(({ file, source }) => {
    const from = helperPartOf(file);
    if (from === undefined) return [];
    return importSpecifiers(source).flatMap((specifier) => {
      if (!/^\.\.?(?:\/|$)/.test(specifier)) return [];
      const to = helperPartOf(path.resolve(path.dirname(file), specifier));
      return to === undefined || to === from ? [] : [{ from, to, file: path.relative(repo, file), specifier }];
    });
  });
}

/** Folders in no layer, and imports of a higher layer by a lower one. */
function checkHelperLayers(files: readonly SourceText[]): string[] {
  const unplaced = [...new Set(files.map((f) => helperPartOf(f.file)))]
    .filter((part): part is string => part !== undefined && helperLayerIndex(part) < 0)
    .map((part) => `native-helper/${part} is in no layer: place it in HELPER_LAYERS and DESIGN.md`);
  const upward = helperImports(files)
    .filter(({ from, to }) => helperLayerIndex(from) >= 0 && helperLayerIndex(to) > helperLayerIndex(from))
    .map(({ from, to, file, specifier }) => {
      const [below, above] = [HELPER_LAYERS[helperLayerIndex(from)]!.layer, HELPER_LAYERS[helperLayerIndex(to)]!.layer];
      return `${file}: '${specifier}' (${from} is ${below}, ${to} is ${above}: a lower layer never imports a higher one)`;
    });
  return [...unplaced, ...upward];
}

/** The folder graph of native-helper/. */
function helperFolderGraph(files: readonly SourceText[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of helperImports(files)) {
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

/** The shortest cycle through each folder that is on one, as `a → b → a`, starting at its first folder by name. */
function folderCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles = new Set<string>();
  for (const node of [...graph.keys()].sort()) {
    const around = [...graph.get(node)!]
      .map((next) => shortestPath(graph, next, node))
      .filter((back): back is string[] => back !== undefined)
      .sort((a, b) => a.length - b.length)[0];
    if (around === undefined) continue;
    const first = around.indexOf([...around].sort()[0]!);
    const rotated = [...around.slice(first), ...around.slice(0, first)];
    cycles.add([...rotated, rotated[0]].join(' → '));
  }
  return [...cycles].sort();
}

/** The nodes from `from` to `to` along the graph's edges (breadth first), or undefined when `to` is out of reach. */
function shortestPath(graph: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === to) {
      const pathBack = [node];
      for (let p = previous.get(node); p; p = previous.get(p)) pathBack.unshift(p);
      return pathBack;
    }
    for (const next of graph.get(node) ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
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
      "import { fixture } from '../../test/fixtures/projects';",
    ].join('\n');
    expect(checkSource(inPanel, panelSource)).toEqual([
      {
        file: path.join('panel', 'host', 'premiere.ts'),
        specifier: '../../native-helper/engine/protect',
        why: 'panel/ never imports native-helper/',
      },
      { file: path.join('panel', 'host', 'premiere.ts'), specifier: '../../test/fixtures/projects', why: 'panel/ never imports test/ or bench/' },
    ]);

    const inHelper = path.join(repo, 'native-helper/cli/main.ts');
    const helperSource = [
      "import { App } from '../../panel/App';",
      "import fs from 'node:fs';",
      "import { p } from '../../src/policy/policy';",
      "import { makeTempDir } from '../../test/helpers/tempDir';",
      "import { runScenario } from '../../bench/scenarios';",
    ].join('\n');
    expect(checkSource(inHelper, helperSource).map((v) => `${v.specifier} (${v.why})`)).toEqual([
      '../../panel/App (native-helper/ never imports panel/)',
      '../../test/helpers/tempDir (native-helper/ never imports test/ or bench/)',
      '../../bench/scenarios (native-helper/ never imports test/ or bench/)',
    ]);
  });
});

describe('layers inside native-helper', () => {
  const helperFiles = (): SourceText[] => sourceFiles(path.join(repo, 'native-helper')).map((file) => ({ file, source: fs.readFileSync(file, 'utf8') }));
  const fake = (files: Record<string, string>): SourceText[] =>
    Object.entries(files).map(([file, source]) => ({ file: path.join(repo, 'native-helper', file), source }));

  it('every folder is in a layer, and none imports a higher layer', () => {
    const files = helperFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(checkHelperLayers(files)).toEqual([]);
  });

  it('the folders form no cycle', () => {
    expect(folderCycles(helperFolderGraph(helperFiles()))).toEqual([]);
  });

  it('the checker finds an import of a higher layer and a folder in no layer', () => {
    const files = fake({
      'fsutil/readChunks.ts': "import type { Workspace } from '../engine/workspace';\nimport { UserError } from '../errors';",
      'mhl/history.ts': "import type { Destination } from '../destinations/destination';\nimport { helperVersion } from '../version';",
      'readers/lightroom/catalogLock.ts': "import { selectTargets } from '../../targets/selectTargets';",
      'engine/protect.ts': "import { Catalog } from '../catalog/catalog';\nconst cli = () => import('../cli/main');",
      'digests/weekly.ts': "import { Catalog } from '../catalog/catalog';",
    });
    expect(checkHelperLayers(files)).toEqual([
      'native-helper/digests is in no layer: place it in HELPER_LAYERS and DESIGN.md',
      `${path.join('native-helper', 'fsutil', 'readChunks.ts')}: '../engine/workspace' (fsutil is base, engine is domain: a lower layer never imports a higher one)`,
      `${path.join('native-helper', 'readers', 'lightroom', 'catalogLock.ts')}: '../../targets/selectTargets' (readers is platform, targets is domain: a lower layer never imports a higher one)`,
      `${path.join('native-helper', 'engine', 'protect.ts')}: '../cli/main' (engine is domain, cli is entry points: a lower layer never imports a higher one)`,
    ]);
  });

  it('the checker finds a folder cycle, through any number of folders', () => {
    const files = fake({
      'fsutil/bufferPool.ts': "import { alignedBuffers } from '../hash/alignedBuffers';",
      'hash/hashFile.ts': "import { readAt } from '../fsutil/fileCalls';",
      'mhl/history.ts': "import type { Destination } from '../destinations/destination';",
      'destinations/openDestinations.ts': "import { Catalog } from '../catalog/catalog';",
      'catalog/catalog.ts': "import type { UploadJournal } from '../destinations/s3/uploadJournal';",
      'config/config.ts': "import { openDestination } from '../destinations/openDestinations';",
      'readers/readProject.ts': "import { UserError } from '../errors';\nimport { x } from '../config/config';",
      'destinations/s3/s3Client.ts': "import type { S3DestinationConfig } from '../../config/config';",
    });
    expect(folderCycles(helperFolderGraph(files))).toEqual(['catalog → destinations → catalog', 'config → destinations → config', 'fsutil → hash → fsutil']);
    const longer = fake({
      'catalog/a.ts': "import { b } from '../mhl/b';",
      'mhl/b.ts': "import { c } from '../readers/c';",
      'readers/c.ts': "import { a } from '../catalog/a';",
      'config/d.ts': "import { a } from '../catalog/a';",
    });
    expect(folderCycles(helperFolderGraph(longer))).toEqual(['catalog → mhl → readers → catalog']);
    expect(folderCycles(helperFolderGraph(fake({ 'mhl/history.ts': "import type { Destination } from '../destinations/destination';" })))).toEqual([]);
  });
});
