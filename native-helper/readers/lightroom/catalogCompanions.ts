import path from 'node:path';
import type { AssetRole, ReferencedFile } from '../../../src/projects/projectReading';
import { collectSources, targetKind } from '../../fsutil/collectSources';

/** The folders Lightroom Classic keeps beside `<name>.lrcat`. */
export function catalogCompanionFolders(catalogPath: string): {
  /** `<name>.lrcat-data` (LrC 11+): AI mask data, part of the catalog. */
  data: string;
  /** Photos synced from phones: possibly their only copy. */
  mobileDownloads: string;
  /** Regenerable, often large: protected only on request. */
  previews: string[];
} {
  const folder = path.dirname(catalogPath);
  const name = path.basename(catalogPath).replace(/\.lrcat$/i, '');
  return {
    data: `${catalogPath}-data`,
    mobileDownloads: path.join(folder, 'Mobile Downloads.lrdata'),
    previews: [path.join(folder, `${name} Previews.lrdata`), path.join(folder, `${name} Smart Previews.lrdata`)],
  };
}

/** Every file inside a companion folder (none when it is absent); what could not be walked becomes a warning. */
export async function companionFiles(folder: string, role: AssetRole): Promise<{ files: ReferencedFile[]; warnings: string[] }> {
  if ((await targetKind(folder)) === 'absent') return { files: [], warnings: [] };
  const collected = await collectSources([folder], []);
  return {
    files: collected.files.map((f) => ({ path: f.path.normalize('NFC'), role, clips: [], offline: false, versioned: false })),
    warnings: [...collected.warnings, ...collected.errors.map((e) => `${e.path}: ${e.error}`)],
  };
}
