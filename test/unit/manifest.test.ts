// The UXP manifest cannot be tried in Premiere Pro here, so it is checked against the facts in
// Adobe's UXP manifest reference (v5 for Premiere Pro), and the panel's styles against UXP's CSS subset.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { PANEL_ID as PANEL_ID_IN_CODE } from '../../panel/ui/uxp/panelId';
import { MANIFEST_HELPER_PORTS } from '../../panel/model/helperPort';
import { DEFAULT_HELPER_PORT } from '../../src/protocol/constants';

const repo = path.resolve(__dirname, '../..');
const panelDir = path.join(repo, 'panel');

const PANEL_ID = 'threefold.panel';
const MIN_HOST_VERSION = '25.6.0';

interface Manifest {
  manifestVersion?: unknown;
  id?: unknown;
  name?: unknown;
  version?: unknown;
  main?: unknown;
  host?: unknown;
  entrypoints?: Array<{ type?: unknown; id?: unknown; label?: { default?: unknown } }>;
  requiredPermissions?: { network?: { domains?: unknown }; clipboard?: unknown; launchProcess?: unknown };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'manifest.json'), 'utf8')) as Manifest;

/** Compares dotted version strings numerically ("25.10.0" > "25.6.0"). */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

describe('manifest.json', () => {
  it('is a v5 manifest with every required field', () => {
    expect(manifest.manifestVersion).toBe(5);
    for (const field of ['id', 'name', 'version', 'main'] as const) {
      expect(typeof manifest[field]).toBe('string');
      expect(manifest[field]).not.toBe('');
    }
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Array.isArray(manifest.entrypoints)).toBe(true);
  });

  it('has exactly one host object: premierepro, minVersion at least 25.6.0', () => {
    // An array of hosts is for development only; a packaged .ccx needs one object.
    expect(manifest.host).toBeInstanceOf(Object);
    expect(Array.isArray(manifest.host)).toBe(false);
    const host = manifest.host as { app?: unknown; minVersion?: unknown };
    expect(host.app).toBe('premierepro');
    expect(typeof host.minVersion).toBe('string');
    expect(host.minVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(compareVersions(host.minVersion as string, MIN_HOST_VERSION)).toBeGreaterThanOrEqual(0);
  });

  it(`declares the panel entrypoint ${PANEL_ID}`, () => {
    const panels = (manifest.entrypoints ?? []).filter((e) => e.type === 'panel');
    expect(panels.map((p) => p.id)).toEqual([PANEL_ID]);
    expect(typeof panels[0]?.label?.default).toBe('string');
  });

  it('the code sets up the same panel id (entrypoints.setup in panel/ui/uxp/startInUxp.tsx)', () => {
    expect(PANEL_ID_IN_CODE).toBe(PANEL_ID);
    const start = fs.readFileSync(path.join(panelDir, 'ui/uxp/startInUxp.tsx'), 'utf8');
    expect(start).toMatch(/entrypoints\.setup\(\{\s*panels:\s*\{\s*\[PANEL_ID\]:/);
  });

  it('points main at a page that exists in panel/', () => {
    expect(fs.existsSync(path.join(panelDir, manifest.main as string))).toBe(true);
  });

  it('allows the panel to reach the helper on loopback (ws and http, 127.0.0.1 and localhost) at every port its settings accept unwarned', () => {
    const domains = manifest.requiredPermissions?.network?.domains;
    // premiere-uxp.md: if Premiere refuses a ws://127.0.0.1 entry, the documented fallback is the bare
    // string "all". That one-line change covers every origin, so it passes too.
    if (domains === 'all') return;
    expect(Array.isArray(domains)).toBe(true);
    expect(MANIFEST_HELPER_PORTS).toContain(DEFAULT_HELPER_PORT);
    const required = MANIFEST_HELPER_PORTS.flatMap((port) =>
      ['ws', 'http'].flatMap((scheme) => ['127.0.0.1', 'localhost'].map((host) => `${scheme}://${host}:${port}`)),
    );
    expect(required.filter((origin) => !(domains as unknown[]).includes(origin))).toEqual([]);
  });

  it("may write the clipboard (Copy path): Premiere's clipboard permission has no write-only level", () => {
    expect(manifest.requiredPermissions?.clipboard).toBe('readAndWrite');
  });

  it('may open http pages in the browser (View report: shell.openExternal), and nothing else', () => {
    expect(manifest.requiredPermissions?.launchProcess).toEqual({ schemes: ['http'], extensions: [] });
  });

  it('the README names the ports the manifest allows, and the fallback for any other', () => {
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The Premiere Pro panel'), readme.indexOf('### The Lightroom Classic plug-in'));
    expect(section).toContain(`ports ${MANIFEST_HELPER_PORTS.join(', ')}`);
    expect(section).toContain('"domains": "all"');
    expect(section).toContain('--port');
  });
});

// ---- UXP's CSS subset -------------------------------------------------------------------------

/**
 * What UXP lacks: display other than none/inline/block/inline-block/flex/inline-flex, transitions,
 * animations, the `font` shorthand (font-size, font-family, … one by one are fine).
 */
const CSS_RULES: Array<[string, RegExp]> = [
  ['display: grid/table', /(?:^|[^-\w])display\s*:\s*(?:inline-)?(?:grid|table)/i],
  ['transition', /(?:^|[^-\w])transition(?:-[a-z]+)*\s*:/i],
  ['animation', /(?:^|[^-\w])animation(?:-[a-z]+)*\s*:/i],
  ['@keyframes', /@(?:-[a-z]+-)?keyframes\b/i],
  ['font shorthand', /(?:^|[^-\w])font\s*:/i],
];

/** Problems in CSS text (a stylesheet, a <style> block, a style attribute, a string in code). */
function cssProblems(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return CSS_RULES.filter(([, re]) => re.test(text)).map(([what]) => what);
}

const TRANSITION_AND_ANIMATION_PROPERTIES = new Set([
  ...['', '-property', '-duration', '-timing-function', '-delay', '-behavior'].map((s) => `transition${s}`),
  ...['', '-name', '-duration', '-timing-function', '-delay', '-iteration-count', '-direction', '-fill-mode', '-play-state', '-composition', '-timeline'].map(
    (s) => `animation${s}`,
  ),
]);

/** Problems in TypeScript: CSS inside string literals, and style objects / style properties set from code. */
function codeStyleProblems(fileName: string, source: string): string[] {
  const problems: string[] = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const propName = (n: ts.Node): string | undefined => (ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : undefined);
  const stringValue = (n: ts.Node): string | undefined => (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : undefined);
  // `{ transition: '…' }`, `{ animationName: … }`, `{ display: 'grid' }`, `el.style.transition = …`
  const styleProperty = (name: string, value: ts.Node): string | undefined => {
    const css = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-(?:webkit|moz|ms|o)-/, '');
    if (TRANSITION_AND_ANIMATION_PROPERTIES.has(css) || css === 'font') return css;
    const v = stringValue(value);
    if (css === 'display' && v !== undefined && /^\s*(?:inline-)?(?:grid|table)/i.test(v)) return `display: ${v}`;
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isTemplateLiteralToken(node)) problems.push(...cssProblems(node.text));
    if (ts.isPropertyAssignment(node)) {
      const name = propName(node.name);
      const p = name && styleProperty(name, node.initializer);
      if (p) problems.push(p);
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      /\bstyle$/.test(node.left.expression.getText(file))
    ) {
      const p = styleProperty(node.left.name.text, node.right);
      if (p) problems.push(p);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

/** CSS found in an HTML page: <style> blocks and style="" attributes. */
function htmlCss(html: string): string[] {
  const blocks = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '');
  const attrs = [...html.matchAll(/\sstyle\s*=\s*("([^"]*)"|'([^']*)')/gi)].map((m) => m[2] ?? m[3] ?? '');
  return [...blocks, ...attrs];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(full);
    return [full];
  });
}

/** Every UXP-unsupported style in panel/: "file: problem". */
function panelStyleProblems(): string[] {
  const out: string[] = [];
  for (const file of filesUnder(panelDir)) {
    const rel = path.relative(repo, file);
    const text = () => fs.readFileSync(file, 'utf8');
    let problems: string[] = [];
    if (file.endsWith('.css')) problems = cssProblems(text());
    else if (file.endsWith('.html')) problems = htmlCss(text()).flatMap(cssProblems);
    else if (/\.tsx?$/.test(file) && !file.endsWith('.d.ts')) problems = codeStyleProblems(file, text());
    out.push(...problems.map((p) => `${rel}: ${p}`));
  }
  return out;
}

describe("panel styles stay inside UXP's CSS subset", () => {
  it('finds nothing UXP lacks in panel/ (.css, <style> and style="" in .html, styles in .ts/.tsx)', () => {
    expect(panelStyleProblems()).toEqual([]);
  });

  it('the checker catches what UXP lacks, and leaves the supported subset alone', () => {
    expect(cssProblems('.a { display: grid; } .b{display:inline-table}')).toEqual(['display: grid/table']);
    expect(cssProblems('.a { transition-timing-function: ease }')).toEqual(['transition']);
    expect(cssProblems('@keyframes spin { to { opacity: 0 } } .a { animation: spin 1s }')).toEqual(['animation', '@keyframes']);
    expect(cssProblems('.a { display: flex; --my-transition: 0; } /* no transition: here */')).toEqual([]);
    expect(cssProblems('.a { font: 12px sans-serif }')).toEqual(['font shorthand']);
    expect(cssProblems('.a { font-size: 12px; font-family: x; --tf-font: 1 }')).toEqual([]);
    expect(htmlCss('<style>.a{display:grid}</style><div style="transition: all 1s"></div>').flatMap(cssProblems)).toEqual([
      'display: grid/table',
      'transition',
    ]);
    const tsx = [
      'const css = `.row { display: table-row }`;',
      "const s = { display: 'grid', transitionDuration: '1s' };",
      "el.style.animation = 'x 1s';",
      "el.style.font = '12px serif';",
      "const ok = { display: 'flex', transitionId: 1, style: 'display:block', fontSize: 12 };",
    ].join('\n');
    expect(codeStyleProblems('x.tsx', tsx)).toEqual(['display: grid/table', 'display: grid', 'transition-duration', 'animation', 'font']);
  });
});
