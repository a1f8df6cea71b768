// Builds the panel twice from the same entry, and the helper:
//   dist/panel/      the UXP plugin folder (load its manifest.json in the UXP Developer Tool, or zip it as a .ccx)
//   dist/panel-web/  the same UI for a browser (demo, end-to-end tests), with Spectrum Web Components standing
//                    in for UXP's built-in widgets
//   dist/helper/     the Node helper as one file, threefold.js
//   dist/lightroom/  the Lightroom Classic plug-in (Threefold.lrplugin), copied as it is
// React is bundled into both panels; PANEL_BUILD tells panel/index.tsx which build it is in, and each keeps
// only its own branch (and the modules it requires).
// Type checking is `tsc -b`'s job; here ts-loader only transpiles.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');

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
      compilation.hooks.processAssets.tap({ name: 'EmitFilesPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const { from, to } of this.files) {
          const file = path.join(root, from);
          compilation.fileDependencies.add(file); // rebuild in watch mode when it changes
          // Verbatim: `minimized` keeps webpack's HTML minimizer from rewriting the page for UXP's parser.
          compilation.emitAsset(to, new sources.RawSource(fs.readFileSync(file)), { minimized: true });
        }
      });
    });
  }
}

/**
 * Copies a folder of the repository into the output folder as it is, after every build: the Lightroom
 * plug-in is Lua that Lightroom loads from its folder, nothing to bundle.
 */
class CopyFolderPlugin {
  /** @param {{ from: string, to: string }} folder `from` relative to the repository, `to` to the output */
  constructor(folder) {
    this.folder = folder;
  }

  /** @param {import('webpack').Compiler} compiler */
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyFolderPlugin', () => {
      const to = path.join(compiler.options.output.path, this.folder.to);
      fs.rmSync(to, { recursive: true, force: true });
      fs.cpSync(path.join(root, this.folder.from), to, { recursive: true });
    });
  }
}

/** What both builds share: the entry, TypeScript through ts-loader, the page and its stylesheet. */
function panelConfig({ name, build, outDir, devtool, files }) {
  return {
    name,
    target: 'web',
    entry: path.join(root, 'panel/index.tsx'),
    output: {
      path: path.join(root, outDir),
      filename: 'index.js',
      clean: true,
    },
    devtool,
    // Loaded from the disk (UXP) or from the helper on loopback (browser): a web page's size budget does not apply.
    performance: { hints: false },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            configFile: path.join(root, 'panel/tsconfig.json'),
            // src/ (a project reference) is bundled too; transpiling only, the repository is the root.
            compilerOptions: { rootDir: root },
            onlyCompileBundledFiles: true,
            transpileOnly: true,
          },
        },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ PANEL_BUILD: JSON.stringify(build) }),
      new EmitFilesPlugin([{ from: 'panel/index.html', to: 'index.html' }, { from: 'panel/ui/panel.css', to: 'panel.css' }, ...files]),
    ],
  };
}

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  // UXP does not allow eval, so no eval-based source maps (webpack's development default).
  const devtool = production ? false : 'cheap-source-map';

  const uxp = panelConfig({ name: 'panel', build: 'uxp', outDir: 'dist/panel', devtool, files: [{ from: 'manifest.json', to: 'manifest.json' }] });
  // Provided by the host at run time (premiere-uxp.md, "Loading the API"); loaded with require().
  uxp.externals = {
    premierepro: 'commonjs premierepro',
    uxp: 'commonjs uxp',
    os: 'commonjs os',
    fs: 'commonjs fs',
  };
  uxp.output.library = { type: 'commonjs2' };

  // The browser has no host modules: importing one from the browser build fails the build.
  const web = panelConfig({ name: 'panel-web', build: 'web', outDir: 'dist/panel-web', devtool, files: [{ from: 'panel/ui/web/web.css', to: 'web.css' }] });

  // dist/lightroom/Threefold.lrplugin: the Lightroom Classic plug-in, added in File → Plug-in Manager.
  const helper = helperConfig();
  helper.plugins.push(new CopyFolderPlugin({ from: 'lightroom/Threefold.lrplugin', to: '../lightroom/Threefold.lrplugin' }));

  return [uxp, web, helper];
};

/**
 * dist/helper/: the Node helper (the CLI of native-helper/cli/main.ts) as ONE file, threefold.js, that runs
 * with plain `node` (24, for node:sqlite) and no node_modules; bin/package-executable.js makes it a single
 * executable.
 */
function helperConfig() {
  return {
    name: 'helper',
    target: 'node24',
    entry: path.join(root, 'native-helper/cli/bundleEntry.ts'),
    output: {
      path: path.join(root, 'dist/helper'),
      filename: 'threefold.js',
      clean: true,
    },
    // Node's own __dirname/__filename (the bundle's folder), not webpack's stand-ins.
    node: { __dirname: false, __filename: false },
    devtool: false,
    // Not minified: the helper runs on the user's machine and prints the stack of an unexpected error
    // (cli/main.ts); unminified, it names real functions on readable lines. Minifying would save about
    // 2.5 MB of disk (4.0 → 1.4 MB) and cost about a minute of build (terser on the AWS SDK).
    optimization: { minimize: false },
    resolve: { extensions: ['.ts', '.js', '.json'] },
    // ws's optional native accelerators (optional peer dependencies, required in a try/catch; not installed
    // here): left to a run-time require, which fails and ws uses its JavaScript code (Node has isUtf8).
    // @napi-rs/keyring is a native addon per platform, loaded on first use: left to a run-time require. Beside
    // node_modules it loads; in a bundle alone it fails, and key pairs go to ~/.aws/credentials instead
    // (storeInKeychain), until the packages ship its addon beside the helper.
    externals: { bufferutil: 'commonjs bufferutil', 'utf-8-validate': 'commonjs utf-8-validate', '@napi-rs/keyring': 'commonjs @napi-rs/keyring' },
    module: {
      rules: [
        { test: /node_modules[\\/]pdfkit[\\/]js[\\/]pdfkit\.js$/, loader: path.join(root, 'webpack.pdfkit-loader.js') },
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            configFile: path.join(root, 'native-helper/tsconfig.json'),
            // The bundle takes src/ (a project reference) in too; transpiling only, the repository is the root.
            compilerOptions: { rootDir: root },
            onlyCompileBundledFiles: true,
            transpileOnly: true,
          },
        },
      ],
    },
    plugins: [
      // One file: the AWS SDK loads some credential providers with import(), which would be chunks of their own.
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      // version.ts reads package.json beside the build at run time; the helper folder has none.
      new webpack.NormalModuleReplacementPlugin(/[\\/]native-helper[\\/]version\.ts$/, path.join(root, 'native-helper/bundledVersion.ts')),
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
    ],
  };
}
