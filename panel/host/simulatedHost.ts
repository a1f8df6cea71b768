/**
 * The Host of the browser build (demo, end-to-end tests) and of tests: a simulated project instead of
 * Premiere's. It reads the project through the same functions as PremiereHost (projectReading.ts), so it
 * lists and skips the same items; tests drive its changes and read back the badges it was given.
 */
import { clipsNeedingOwnLabel, colorLabelChoices, planBadgeWrites, recordBadgeWrites, usableColorLabels, type WrittenBadge } from './badgeColumn';
import { attachProxy, refreshClip, relinkClip, type RelinkableItem } from './clipRelinking';
import type { ShowStatusOptions, ClipBadge, ColorLabelChoice, Host, HostClip, HostFixResult, HostProjectInfo, ProjectChange } from './host';
import { PanelVisibility } from './panelVisibility';
import { DEFAULT_WALK_PACE, projectInfo, walkClips, type ProjectTree, type WalkPace } from './projectReading';
import { binTree, demoProject, parseSimulatedProject, type SimulatedBin, type SimulatedClip, type SimulatedProject } from './simulatedProject';

/** The project file the browser build looks for beside its page when the URL names no project. */
export const SIMULATED_PROJECT_FILE = 'simulated-project.json';
/** Where the built-in demo's (non-existent) media would be. */
export const DEMO_MEDIA_ROOT = '/Volumes/Threefold Demo';
/**
 * The browser page's window property holding its SimulatedHost: for the end-to-end tests only, which read
 * the badges the panel wrote (the page does not show them). Set by startInBrowser.tsx; Premiere's build has none.
 */
export const SIMULATED_HOST_PROPERTY = 'threefoldSimulatedHost';

/** Premiere's label names (Constants.ProjectItemColorLabel), in its order. */
const SIMULATED_COLOR_LABELS = [
  'VIOLET',
  'IRIS',
  'LAVENDER',
  'CERULEAN',
  'FOREST',
  'ROSE',
  'MANGO',
  'PURPLE',
  'BLUE',
  'TEAL',
  'MAGENTA',
  'TAN',
  'GREEN',
  'BROWN',
  'YELLOW',
];

/** An item of a simulated bin: a sub-bin or a clip (sequences and synthetic items are clips without media). */
type SimulatedItem = SimulatedBin | SimulatedClip;

const isBin = (item: SimulatedItem): item is SimulatedBin => 'bins' in item;

const simulatedTree: ProjectTree<SimulatedBin, SimulatedItem> = {
  items: async (bin) => [...bin.clips, ...bin.bins],
  asBin: (item) => (isBin(item) ? item : null),
  facts: async (item) => (isBin(item) ? null : { ...item }),
};

/** A badge as the simulated project panel shows it, with the clip's color label (its own or Threefold's), if any. */
export interface ShownBadge extends ClipBadge {
  colorLabel?: number;
}

/** A call the panel made to a simulated clip item, as Premiere's ClipProjectItem would have received it. */
export interface SimulatedHostCall {
  clipId: string;
  method: 'canChangeMediaPath' | 'changeMediaFilePath' | 'refreshMedia' | 'attachProxy';
  args: Array<string | boolean>;
}

/**
 * A simulated clip as a ClipProjectItem: relinking changes the project's clip (as Premiere changes its item),
 * refreshing brings it online (the browser cannot look at the file: the tests check the bytes on disk).
 */
function simulatedItem(clip: SimulatedClip, record: (call: SimulatedHostCall) => void): RelinkableItem {
  const log = (method: SimulatedHostCall['method'], ...args: Array<string | boolean>) => record({ clipId: clip.id, method, args });
  return {
    canChangeMediaPath: async () => {
      log('canChangeMediaPath');
      return clip.relinkable !== false;
    },
    changeMediaFilePath: async (newPath) => {
      log('changeMediaFilePath', newPath);
      if (clip.relinkable === false) return false;
      clip.mediaPath = newPath;
      clip.offline = false;
      return true;
    },
    getMediaFilePath: async () => clip.mediaPath ?? '',
    refreshMedia: async () => {
      log('refreshMedia');
      clip.offline = false;
      return true;
    },
    isOffline: async () => clip.offline,
    attachProxy: async (mediaPath, isHiRes) => {
      log('attachProxy', mediaPath, isHiRes);
      clip.proxyPath = mediaPath;
      return true;
    },
    getProxyPath: async () => clip.proxyPath ?? '',
  };
}

export class SimulatedHost implements Host {
  readonly kind = 'simulated';
  private current: SimulatedProject | null;
  private readonly calls: SimulatedHostCall[] = [];
  /** What the folder picker answers next: a folder, or null (the editor cancels). */
  private pickedFolder: string | null = null;
  private readonly listeners = new Set<(change: ProjectChange) => void>();
  private readonly selectionListeners = new Set<(clipIds: string[]) => void>();
  /** What the panel put on the clipboard, in order (tests read it; a headless browser has no clipboard to read). */
  readonly copied: string[] = [];
  /** The pages the panel asked the system's browser to open, in order (tests fetch them). */
  readonly opened: string[] = [];
  private readonly visibility = new PanelVisibility();
  /** Per project id, per clip: the last badge shown (badges live in the project, as in Premiere). */
  private readonly shown = new Map<string, Map<string, ClipBadge>>();
  /** Per project id, per clip: the label a transaction gave it. */
  private readonly labels = new Map<string, Map<string, number>>();
  /** Per project id: what was written, as PremiereHost keeps it. */
  private readonly written = new Map<string, ReadonlyMap<string, WrittenBadge>>();
  private transactionCount = 0;
  /** How many times listing clips gave way to the page (tests check a large project is read in slices). */
  walkYields = 0;
  private readonly pace: WalkPace = {
    sliceSize: DEFAULT_WALK_PACE.sliceSize,
    yieldToHost: () => {
      this.walkYields += 1;
      return DEFAULT_WALK_PACE.yieldToHost();
    },
  };

  constructor(project: SimulatedProject | null) {
    this.current = project;
  }

  /**
   * The host for the browser build's page: the project in the URL (`?project=<URL-encoded JSON>`), else the
   * `simulated-project.json` served beside the page, else the built-in demo. A project that is given but
   * invalid throws: a test's mistake must not pass as the demo.
   */
  static async fromLocation(location: { readonly href: string; readonly search: string }): Promise<SimulatedHost> {
    const inUrl = new URLSearchParams(location.search).get('project');
    if (inUrl !== null) return new SimulatedHost(parseSimulatedProject(inUrl));
    const served = await fetchText(new URL(SIMULATED_PROJECT_FILE, location.href).href);
    return new SimulatedHost(served === null ? demoProject(DEMO_MEDIA_ROOT) : parseSimulatedProject(served));
  }

  async project(): Promise<HostProjectInfo | null> {
    const project = this.current;
    return project ? projectInfo(project.id, project.name, project.path) : null;
  }

  async listClips(): Promise<HostClip[]> {
    if (!this.current) return [];
    const found = await walkClips(simulatedTree, binTree(this.current.clips), this.pace);
    return found.map((f) => f.clip);
  }

  onProjectChanged(listener: (change: ProjectChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Plans the writes as PremiereHost does and applies them in one transaction (none when nothing changed). */
  async showStatus(badges: readonly ClipBadge[], options: ShowStatusOptions = {}): Promise<void> {
    const project = this.current;
    if (!project) return;
    const written = this.written.get(project.id) ?? new Map<string, WrittenBadge>();
    const chosen = options.colorLabels ? usableColorLabels(options.colorLabels, this.colorLabelChoices()) : {};
    const ownLabels = new Map(
      clipsNeedingOwnLabel(written, badges, chosen).flatMap((clipId): Array<[string, number]> => {
        const label = this.labelOf(project, clipId);
        return label === undefined ? [] : [[clipId, label]];
      }),
    );
    const planned = planBadgeWrites(written, badges, chosen, ownLabels);
    if (planned.length === 0) return;
    this.transactionCount += 1;
    const latest = new Map(badges.map((b) => [b.clipId, b]));
    const shown = mapOf(this.shown, project.id);
    const labels = mapOf(this.labels, project.id);
    for (const write of planned) {
      shown.set(write.clipId, { ...latest.get(write.clipId)! });
      if (write.colorLabel !== undefined) labels.set(write.clipId, write.colorLabel);
    }
    this.written.set(project.id, recordBadgeWrites(written, planned));
  }

  /** Undo steps the panel added: one per transaction, as in Premiere. */
  get transactions(): number {
    return this.transactionCount;
  }

  /** The labels an editor can pick from, as PremiereHost offers them. */
  colorLabelChoices(): ColorLabelChoice[] {
    return colorLabelChoices(Object.fromEntries(SIMULATED_COLOR_LABELS.map((name, index) => [name, index])));
  }

  onSelectionChanged(listener: (clipIds: string[]) => void): () => void {
    this.selectionListeners.add(listener);
    return () => void this.selectionListeners.delete(listener);
  }

  async copyText(text: string): Promise<void> {
    this.copied.push(text);
  }

  /** Simulates the editor selecting these items in Premiere's Project panel. */
  simulateSelection(clipIds: string[]): void {
    for (const listener of [...this.selectionListeners]) listener([...clipIds]);
  }

  refreshClip(clipId: string): Promise<HostFixResult> {
    return this.withItem(clipId, refreshClip);
  }

  relinkClip(clipId: string, mediaPath: string): Promise<HostFixResult> {
    return this.withItem(clipId, (item) => relinkClip(item, mediaPath));
  }

  attachProxy(clipId: string, proxyPath: string): Promise<HostFixResult> {
    return this.withItem(clipId, (item) => attachProxy(item, proxyPath));
  }

  async chooseFolder(): Promise<string | null> {
    return this.pickedFolder;
  }

  /** Sets what the folder picker answers (the editor's choice, or null: cancelled). */
  answerFolderPicker(folder: string | null): void {
    this.pickedFolder = folder;
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }

  panelVisible(): boolean {
    return this.visibility.visible;
  }

  onPanelVisibility(listener: (visible: boolean) => void): () => void {
    return this.visibility.subscribe(listener);
  }

  /** Simulates Premiere showing or hiding the panel (the browser build also follows its tab's visibility). */
  simulateVisibility(visible: boolean): void {
    this.visibility.set(visible);
  }

  /** Every call made to the project's clip items, in order. */
  hostCalls(): SimulatedHostCall[] {
    return [...this.calls];
  }

  /** A change to a clip dirties the project, as it does in Premiere. */
  private async withItem(clipId: string, fix: (item: RelinkableItem) => Promise<HostFixResult>): Promise<HostFixResult> {
    const clip = this.current?.clips.find((c) => c.id === clipId && !c.sequence);
    if (!clip) return { done: false, why: 'the clip is no longer in the project' };
    const result = await fix(simulatedItem(clip, (call) => this.calls.push(call)));
    this.simulateChange('dirty');
    return result;
  }

  /**
   * Simulates Premiere changing the project and tells the listeners: 'dirty' (with `project`: its new
   * content), 'switched' (to `project`), 'closed' (no project open afterwards).
   */
  simulateChange(change: ProjectChange, project?: SimulatedProject): void {
    if (change === 'closed') this.current = null;
    else if (project) this.current = project;
    for (const listener of [...this.listeners]) listener(change);
  }

  /** The open project's badges as shown: the last one each clip was given, in the order first given. */
  badges(): ShownBadge[] {
    const project = this.current;
    if (!project) return [];
    return [...(this.shown.get(project.id)?.values() ?? [])].map((badge) => {
      const colorLabel = this.labelOf(project, badge.clipId);
      return colorLabel === undefined ? { ...badge } : { ...badge, colorLabel };
    });
  }

  /** A clip's color label now: the last one a transaction gave it, else its own. */
  private labelOf(project: SimulatedProject, clipId: string): number | undefined {
    return this.labels.get(project.id)?.get(clipId) ?? project.clips.find((c) => c.id === clipId)?.colorLabel;
  }
}

function mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = maps.get(key);
  if (!map) {
    map = new Map();
    maps.set(key, map);
  }
  return map;
}

/** The body of a URL, or null when it cannot be had (not served, no server: a page opened from disk). */
async function fetchText(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}
