// The Lightroom Classic plug-in as Lightroom loads it: Info.lua (required keys, the three menu items and
// their files), the metadata definition (field ids, searchable and browsable, the states), every file
// compiling as Lua 5.1, SDK calls confined to one adapter file each, and the pure Lua's own tests.
import fs from 'node:fs';
import path from 'node:path';
import { ASSET_STATES } from '../../src/policy/assetState';
import { PLUGIN_DIR, runLua } from '../helpers/lua';

/** A Lua file's returned table, as JSON (through the plug-in's own encoder). */
async function luaTable(file: string, expression = 'dofile(FILE)'): Promise<any> {
  const run = await runLua(`local json = require 'ThreefoldJson'; FILE = ${JSON.stringify(file)}; io.write(json.encode(${expression}))`, [], { code: true });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout);
}

const luaFiles = fs.readdirSync(PLUGIN_DIR).filter((f) => f.endsWith('.lua'));
const source = (file: string) => fs.readFileSync(path.join(PLUGIN_DIR, file), 'utf8');

describe('Info.lua', () => {
  it('has the keys Lightroom requires and the Library menu items, each with its file', async () => {
    const info = await luaTable('Info.lua');
    expect(info).toMatchObject({
      LrSdkVersion: expect.any(Number),
      LrSdkMinimumVersion: expect.any(Number),
      LrToolkitIdentifier: 'org.threefold.lightroom',
      LrPluginName: 'Threefold',
    });
    expect(info.VERSION).toEqual({ major: expect.any(Number), minor: expect.any(Number), revision: expect.any(Number), build: expect.any(Number) });
    expect(info.LrSdkMinimumVersion).toBeLessThanOrEqual(info.LrSdkVersion);
    expect(info.LrLibraryMenuItems.map((m: { title: string }) => m.title)).toEqual([
      'Protect catalog (3-2-1)',
      'Protect selected photos',
      'Refresh 3-2-1 status',
      'Restore missing photos',
      'Restore test',
    ]);
    expect(info.LrLibraryMenuItems[1].enabledWhen).toBe('photosSelected');
    for (const file of [...info.LrLibraryMenuItems.map((m: { file: string }) => m.file), info.LrMetadataProvider, info.LrPluginInfoProvider]) {
      expect(luaFiles).toContain(file);
    }
    expect(info.LrMetadataProvider).toBe('ThreefoldMetadata.lua');
  });
});

describe('the metadata definition', () => {
  it("declares the searchable, browsable 3-2-1 fields the plug-in writes, with the helper's states", async () => {
    const metadata = await luaTable('ThreefoldMetadata.lua');
    const written = await luaTable(
      '',
      "{ status = require('ThreefoldStatusText').STATUS_FIELD, state = require('ThreefoldStatusText').STATE_FIELD, states = require('ThreefoldStatusText').STATES }",
    );
    expect(metadata.schemaVersion).toEqual(expect.any(Number));
    const [status, state] = metadata.metadataFieldsForPhotos;
    expect(status).toMatchObject({ id: written.status, title: '3-2-1', dataType: 'string', searchable: true, browsable: true, readOnly: true });
    expect(state).toMatchObject({ id: written.state, title: '3-2-1 state', dataType: 'enum', searchable: true, browsable: true, readOnly: true });
    expect(state.values.map((v: { value: string }) => v.value)).toEqual([...ASSET_STATES]);
    expect(written.states).toEqual([...ASSET_STATES]);
  });
});

describe("the plug-in's Lua", () => {
  it('compiles as Lua 5.1, and every module it requires is in the plug-in', async () => {
    for (const file of luaFiles) {
      const run = await runLua(`assert(loadfile(${JSON.stringify(file)}))`, [], { code: true });
      expect({ file, ...run }).toEqual({ file, code: 0, stdout: '', stderr: '' });
      for (const [, name] of source(file).matchAll(/require\s*\(?\s*'([^']+)'/g)) expect(luaFiles).toContain(`${name}.lua`);
    }
  });

  it('calls each SDK namespace from one adapter file, and none from the pure modules', () => {
    const importers = new Map<string, string[]>();
    for (const file of luaFiles) {
      for (const [, namespace] of source(file).matchAll(/import\s*\(?\s*'(Lr\w+)'/g)) importers.set(namespace!, [...(importers.get(namespace!) ?? []), file]);
    }
    expect(Object.fromEntries(importers)).toEqual({
      LrHttp: ['ThreefoldHttp.lua'],
      LrProgressScope: ['ThreefoldProgress.lua'],
      LrApplication: ['ThreefoldCatalog.lua'],
      LrPasswords: ['ThreefoldTokens.lua'],
      LrDialogs: ['ThreefoldDialogs.lua'],
      LrFunctionContext: ['ThreefoldTasks.lua'],
      LrTasks: ['ThreefoldTasks.lua'],
      LrPrefs: ['ThreefoldPrefs.lua'],
      LrView: ['ThreefoldPluginInfo.lua'],
    });
    expect(source('ThreefoldCatalog.lua')).toMatch(/withPrivateWriteAccessDo/);
    for (const pure of ['ThreefoldJson.lua', 'ThreefoldProtocol.lua', 'ThreefoldStatusText.lua', 'ThreefoldClient.lua', 'ThreefoldActions.lua']) {
      expect(source(pure)).not.toMatch(/\bimport\b|_PLUGIN|\bLOC\b/);
    }
  });

  it("passes its pure functions' tests (JSON, requests, answers, field values, texts)", async () => {
    const run = await runLua('pureFunctions.lua');
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout.trim() }).toEqual({ code: 0, stderr: '', stdout: 'ok 14' });
  });
});
