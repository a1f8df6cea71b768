import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package version, read once from package.json (two folders up from the compiled file, or one from the source). */
function readVersion(): string {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(__dirname, candidate), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'threefold' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const TOOL_VERSION = readVersion();
