/**
 * What the panel needs from the application it runs in. `PremiereHost` implements it with the
 * `premierepro` API (only inside Premiere Pro); `SimulatedHost` with a fixture project (browser build,
 * tests, demo). Everything above this interface is the same in both and is tested.
 */
import type { AssetState } from '../../src/policy/assetState';

export interface HostProjectInfo {
  /** Stable across renames (Premiere's project guid). */
  id: string;
  name: string;
  /** The project file (.prproj), when it has been saved. */
  path: string | null;
}

/** One clip of the project, as the host lists it. */
export interface HostClip {
  /** Stable id of the project item (Premiere's `getId()`). */
  id: string;
  name: string;
  /** Bins from the root, e.g. ["Footage", "Day 1"]. */
  bin: string[];
  /** The media file, absolute; null for items with no file (sequences, synthetic items). */
  mediaPath: string | null;
  /** The attached proxy's file, if any. */
  proxyPath: string | null;
  /** The host says the media is offline. */
  offline: boolean;
}

export type ProjectChange = 'dirty' | 'switched' | 'closed';

/** A clip's status as the panel shows it inside the host (a project metadata column, optionally a label). */
export interface ClipBadge {
  clipId: string;
  /** The chip text: `3-2-1 ✓`, or what is missing (`2 copies · 1 medium · no offsite`). */
  text: string;
  state: AssetState;
}

export interface ShowStatusOptions {
  /** Color labels are the editor's own: written only when turned on, with the label chosen per state. */
  colorLabels?: Partial<Record<AssetState, number>>;
}

/** A color label the host offers, for the settings where the editor picks one per state. */
export interface ColorLabelChoice {
  /** The value to pass to `createSetColorLabelAction`. */
  index: number;
  /** Its name in `Constants.ProjectItemColorLabel`, capitalised ("Violet"). */
  name: string;
}

/** What the host did when asked to bring a restored clip back: done, or why not. */
export type HostFixResult = { done: true } | { done: false; why: string };

export interface Host {
  readonly kind: 'premiere' | 'simulated';
  /** The open project, or null when none is open. */
  project(): Promise<HostProjectInfo | null>;
  /** Every clip of the open project, bins walked breadth-first. */
  listClips(): Promise<HostClip[]>;
  /** Calls back when the project changes (debouncing is the caller's); returns the unsubscribe. */
  onProjectChanged(listener: (change: ProjectChange) => void): () => void;
  /** Writes the badges in one undoable step. */
  showStatus(badges: readonly ClipBadge[], options?: ShowStatusOptions): Promise<void>;
  /** The color labels the editor can choose from, in the host's order. */
  colorLabelChoices(): ColorLabelChoice[];
  /**
   * Calls back with the ids of the items selected in the host's project panel whenever that selection
   * changes; returns the unsubscribe. (Premiere offers no call to set that selection from a panel.)
   */
  onSelectionChanged(listener: (clipIds: string[]) => void): () => void;
  /** Puts text on the system clipboard (a copy's path). */
  copyText(text: string): Promise<void>;
  // ---- restore (clipRelinking.ts): none of these can be undone in the host
  /** A clip whose file is back at its own path: brought online (`refreshMedia`). */
  refreshClip(clipId: string): Promise<HostFixResult>;
  /** A clip relinked to its file's new path (`canChangeMediaPath`, `changeMediaFilePath`). */
  relinkClip(clipId: string, mediaPath: string): Promise<HostFixResult>;
  /** A proxy restored to a new path, attached to its clip (`attachProxy`). */
  attachProxy(clipId: string, proxyPath: string): Promise<HostFixResult>;
  /** A folder the editor picks (the host's folder picker); null when cancelled. */
  chooseFolder(): Promise<string | null>;
  // ---- the panel in its host
  /** Opens a web page in the system's browser (a job's report, served by the helper). */
  openExternal(url: string): Promise<void>;
  /** Whether the panel is shown now (a hidden panel keeps running). */
  panelVisible(): boolean;
  /** Calls back when the panel is shown or hidden; returns the unsubscribe. */
  onPanelVisibility(listener: (visible: boolean) => void): () => void;
}

/** Where the pairing token is kept: UXP's secureStorage in Premiere, localStorage in the browser build. */
export interface TokenStore {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
}
