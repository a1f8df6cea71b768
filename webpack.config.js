// Builds the panel twice from the same entry:
//   dist/panel/      the UXP plugin folder (load its manifest.json in the UXP Developer Tool, or zip it as a .ccx)
//   dist/panel-web/  the same UI for a browser (demo, end-to-end tests)
// Type checking is `tsc -b`'s job; here ts-loader only transpiles.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;

/** Emits files from the repository into the output as they are (no copy plugin needed for a handful). */
class EmitFilesPlugin {
  /** @param {Array<{ from: string, to: string }>} files `from` relative to the repository, `to` to the output */
  constructor(files) {
    this.files = files;
  }

  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('EmitFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'EmitFilesPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const { from, to } of this.files) {
            const file = path.join(root, from);
            compilation.fileDependencies.add(file); // rebuild in watch mode when it changes
            // Verbatim: `minimized` keeps webpack's HTML minimizer from rewriting the page for UXP's parser.
            compilation.emitAsset(to, new sources.RawSource(fs.readFileSync(file)), { minimized: true });
          }
        },
      );
    });
  }
}

/** What both builds share: the entry, TypeScript through ts-loader, the page. */
function panelConfig({ name, outDir, devtool }) {
  return {
    name,
    target: 'web',
    entry: path.join(root, 'panel/index.ts'),
    output: {
      path: path.join(root, outDir),
      filename: 'index.js',
      clean: true,
    },
    devtool,
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            configFile: path.join(root, 'panel/tsconfig.json'),
            onlyCompileBundledFiles: true,
            transpileOnly: true,
          },
        },
      ],
    },
  };
}

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  // UXP does not allow eval, so no eval-based source maps (webpack's development default).
  const devtool = production ? false : 'cheap-source-map';

  const uxp = panelConfig({ name: 'panel', outDir: 'dist/panel', devtool });
  // Provided by the host at run time (premiere-uxp.md, "Loading the API"); loaded with require().
  uxp.externals = {
    premierepro: 'commonjs premierepro',
    uxp: 'commonjs uxp',
    os: 'commonjs os',
    fs: 'commonjs fs',
  };
  uxp.output.library = { type: 'commonjs2' };
  uxp.plugins = [
    new EmitFilesPlugin([
      { from: 'manifest.json', to: 'manifest.json' },
      { from: 'panel/index.html', to: 'index.html' },
    ]),
  ];

  // The browser has no host modules: importing one from the browser build fails the build.
  const web = panelConfig({ name: 'panel-web', outDir: 'dist/panel-web', devtool });
  web.plugins = [new EmitFilesPlugin([{ from: 'panel/index.html', to: 'index.html' }])];

  return [uxp, web];
};
