/** What a project reader finds: every file a project or catalog depends on, before anything is copied. */

export type AssetRole = 'media' | 'proxy' | 'sidecar' | 'project' | 'catalog';

export type ProjectKind = 'premiere' | 'lightroom';

export interface ReferencedFile {
  /**
   * Absolute, NFC, with the separators of its platform; deduplicated by this value. Where the disk spells
   * the name otherwise (NFD on Linux), the selection finds the spelling that exists.
   */
  path: string;
  role: AssetRole;
  /** Clip or photo names that use this file (for the panel and reports); empty for the project itself. */
  clips: string[];
  /** The project marked it offline when saved (Premiere `OfflineReason`, Lightroom missing-file flag). */
  offline: boolean;
  /**
   * Each new content is kept as a new version on destinations, never overwriting an older one
   * (the project file, the catalog).
   */
  versioned: boolean;
  /** Set when the file must not be copied now, with the reason (a catalog Lightroom has open). */
  busy?: string;
}

export interface ProjectReading {
  kind: ProjectKind;
  project: { name: string; version: string | null };
  files: ReferencedFile[];
  /** Things skipped on purpose (synthetic items, cache files), counted: "3 synthetic items skipped". */
  warnings: string[];
}
