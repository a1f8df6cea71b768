/**
 * The part of UXP the panel uses, declared here instead of listing @adobe/cc-ext-uxp-types in `types`
 * (that package also declares browser globals that break lib DOM; see panel/tsconfig.json). Method
 * signatures are copied from @adobe/cc-ext-uxp-types 7.3.1 and test/unit/panel/host/uxpTypes.test.ts
 * checks that they still appear there. Where that package contradicts itself, Adobe's documentation decides:
 * - it declares `export const xmp` five times (as an XMPConst, an XMPMeta, …); its own examples and Adobe's
 *   samples use `const { XMPMeta } = require("uxp").xmp`, so `xmp` holds the classes;
 * - its XMPMeta constructor takes `(packet, buffer)`; the documentation says one or none ("If no argument is
 *   supplied, the new object is empty");
 * - it exports `secureStorage` at the top of the module; Adobe's Premiere UXP reference documents
 *   `require('uxp').storage.secureStorage`: both are declared, optional, and uxpTokenStore.ts looks in both.
 * Only for UXP code (premiereHost.ts, uxpTokenStore.ts), bundled into dist/panel only.
 */
declare module 'uxp' {
  type TypedArray =
    | Int8Array
    | Uint8Array
    | Uint8ClampedArray
    | Int16Array
    | Uint16Array
    | Int32Array
    | Uint32Array
    | Float32Array
    | Float64Array
    | BigInt64Array
    | BigUint64Array;

  class SecureStorage {
    setItem(key: string, value: string | ArrayBuffer | TypedArray): Promise<void>;
    getItem(key: string): Promise<Uint8Array>;
    removeItem(key: string): Promise<void>;
  }

  class XMPProperty {
    readonly namespace: string;
    readonly value: string | number | boolean | object;
  }

  class XMPMeta {
    constructor(packet?: string);
    doesPropertyExist(schemaNS: string, propName: string): boolean;
    getProperty(schemaNS: string, propName: string, valueType?: string): XMPProperty | undefined;
    setProperty(schemaNS: string, propName: string, propValue: string, setOptions?: number, valueType?: string): void;
    serialize(options?: number, padding?: number, indent?: string, newline?: string, baseIndent?: number): string;
    static registerNamespace(namespaceURI: string, suggestedPrefix: string): string;
  }

  class Folder {
    readonly nativePath: string;
  }

  class FileSystemProvider {
    /** The folder picker; the package types its answer `any`, its documentation `Promise<Folder | null>` (null: cancelled). */
    getFolder: (options: { initialDomain?: symbol }) => Promise<Folder | null>;
  }

  class Shell {
    openExternal(url: string, developerText: string): Promise<string>;
  }

  const shell: Shell;
  const storage: { readonly secureStorage?: SecureStorage; readonly localFileSystem: FileSystemProvider };
  const secureStorage: SecureStorage | undefined;
  const xmp: { readonly XMPMeta: typeof XMPMeta };
}

/** Host modules are loaded at run time (webpack marks them external in the UXP build). */
declare function require(id: 'premierepro'): import('@adobe/premierepro').premierepro;
declare function require(id: 'uxp'): typeof import('uxp');
