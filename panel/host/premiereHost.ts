/**
 * The Host inside Premiere Pro (25.6+), over the `premierepro` UXP API exactly as premiere-uxp.md describes
 * it. Premiere cannot run in tests, so this file is only API calls: every decision is a tested pure function
 * (projectReading.ts, projectEvents.ts, badgeColumn.ts). Import it from the UXP entry only: the browser
 * build has no `premierepro` module.
 */
import type { FolderItem, Project, ProjectItem } from '@adobe/premierepro';
import { attachProxy, refreshClip, relinkClip, type RelinkableItem } from './clipRelinking';
import type { ShowStatusOptions, ClipBadge, ColorLabelChoice, Host, HostClip, HostFixResult, HostProjectInfo, ProjectChange } from './host';
import {
  BADGE_COLUMN_LABEL,
  BADGE_FIELD_FALLBACK,
  BADGE_NAMESPACE,
  BADGE_NAMESPACE_PREFIX,
  BADGE_PROPERTY_NAME,
  BADGE_UNDO_LABEL,
  clipsNeedingOwnLabel,
  colorLabelChoices,
  findBadgeField,
  planBadgeWrites,
  recordBadgeWrites,
  usableColorLabels,
  type WrittenBadge,
} from './badgeColumn';
import { followedAfter, projectChangeOf, type ProjectEventKind } from './projectEvents';
import { PanelVisibility } from './panelVisibility';
import { projectInfo, walkClips, type ItemFacts, type ProjectTree } from './projectReading';

const ppro = require('premierepro');
const { XMPMeta } = require('uxp').xmp;

async function activeProject(): Promise<Project | null> {
  return (await ppro.Project.getActiveProject()) ?? null;
}

const projectId = (project: Project): string => project.guid.toString();

async function itemFacts(item: ProjectItem): Promise<ItemFacts | null> {
  const clip = ppro.ClipProjectItem.cast(item);
  if (!clip) return null;
  const facts = { id: item.getId(), name: item.name, mediaPath: null, proxyPath: null, offline: false };
  const [isSequence, contentType] = await Promise.all([clip.isSequence(), clip.getContentType()]);
  if (isSequence || contentType === ppro.Constants.ContentType.SEQUENCE) return { ...facts, sequence: true };
  const [mediaPath, offline, hasProxy] = await Promise.all([clip.getMediaFilePath(), clip.isOffline(), clip.hasProxy()]);
  const proxyPath = hasProxy ? await clip.getProxyPath() : null;
  return { ...facts, sequence: false, mediaPath, proxyPath, offline };
}

const premiereTree: ProjectTree<FolderItem, ProjectItem> = {
  items: (bin) => bin.getItems(),
  asBin: (item) => ppro.FolderItem.cast(item) || null,
  facts: itemFacts,
};

/** The packet with the badge value set; null when it already holds that value. */
function packetWithBadge(packet: string, field: string, value: string): string | null {
  const meta = packet ? new XMPMeta(packet) : new XMPMeta();
  if (meta.doesPropertyExist(BADGE_NAMESPACE, field) && meta.getProperty(BADGE_NAMESPACE, field)?.value === value) return null;
  meta.setProperty(BADGE_NAMESPACE, field, value);
  return meta.serialize();
}

export class PremiereHost implements Host {
  readonly kind = 'premiere';
  private readonly listeners = new Set<(change: ProjectChange) => void>();
  private readonly selectionListeners = new Set<(clipIds: string[]) => void>();
  private followed: Project | null = null;
  /** Project events are handled one after another: each awaits the active project. */
  private eventQueue = Promise.resolve();
  /** Per project: the clips' items from the last walk, the badge field, what was written. */
  private readonly items = new Map<string, Map<string, ProjectItem>>();
  private readonly badgeFields = new Map<string, string>();
  private readonly written = new Map<string, ReadonlyMap<string, WrittenBadge>>();
  private readonly visibility = new PanelVisibility();

  async project(): Promise<HostProjectInfo | null> {
    const project = await activeProject();
    return project ? projectInfo(projectId(project), project.name, project.path) : null;
  }

  async listClips(): Promise<HostClip[]> {
    const project = await activeProject();
    return project ? (await this.walk(project)).clips : [];
  }

  onProjectChanged(listener: (change: ProjectChange) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.startFollowing();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stopFollowing();
    };
  }

  async showStatus(badges: readonly ClipBadge[], options: ShowStatusOptions = {}): Promise<void> {
    const project = await activeProject();
    if (!project) return;
    const id = projectId(project);
    const written = this.written.get(id) ?? new Map<string, WrittenBadge>();
    const labels = options.colorLabels ? usableColorLabels(options.colorLabels, this.colorLabelChoices()) : {};
    // The labels clips have before Threefold's first: put back when Threefold's no longer applies.
    const needOwn = clipsNeedingOwnLabel(written, badges, labels);
    const ownLabels = new Map<string, number>();
    const ownItems = needOwn.length === 0 ? new Map<string, ProjectItem>() : await this.itemsById(project, needOwn);
    await Promise.all([...ownItems].map(async ([clipId, item]) => ownLabels.set(clipId, await item.getColorLabelIndex())));
    const planned = planBadgeWrites(written, badges, labels, ownLabels);
    if (planned.length === 0) return;

    const items = await this.itemsById(
      project,
      planned.map((w) => w.clipId),
    );
    const jobs = planned.flatMap((write) => {
      const item = items.get(write.clipId);
      return item ? [{ write, item }] : [];
    });
    const firstValue = jobs.find((job) => job.write.value !== undefined);
    const field = firstValue ? await this.badgeField(project, firstValue.item) : BADGE_FIELD_FALLBACK;
    // Every read happens before the transaction: nothing may be awaited inside lockedAccess.
    XMPMeta.registerNamespace(BADGE_NAMESPACE, BADGE_NAMESPACE_PREFIX);
    const packets = await Promise.all(
      jobs.map(async ({ write, item }) =>
        write.value === undefined ? null : packetWithBadge(await ppro.Metadata.getProjectMetadata(item), field, write.value),
      ),
    );
    if (packets.some((p) => p !== null) || jobs.some((job) => job.write.colorLabel !== undefined)) {
      let applied = false;
      project.lockedAccess(() => {
        applied = project.executeTransaction((actions) => {
          jobs.forEach(({ write, item }, i) => {
            const packet = packets[i];
            if (packet) actions.addAction(ppro.Metadata.createSetProjectMetadataAction(item, packet, [field]));
            if (write.colorLabel !== undefined) actions.addAction(item.createSetColorLabelAction(write.colorLabel));
          });
        }, BADGE_UNDO_LABEL);
      });
      if (!applied) throw new Error('Premiere Pro did not apply the 3-2-1 status (its transaction failed)');
    }
    this.written.set(
      id,
      recordBadgeWrites(
        written,
        jobs.map((job) => job.write),
      ),
    );
  }

  onSelectionChanged(listener: (clipIds: string[]) => void): () => void {
    this.selectionListeners.add(listener);
    return () => void this.selectionListeners.delete(listener);
  }

  async copyText(text: string): Promise<void> {
    // UXP's clipboard (manifest: requiredPermissions.clipboard); its setContent takes MIME-keyed data.
    await (navigator.clipboard as unknown as { setContent(data: Record<string, string>): Promise<void> }).setContent({ 'text/plain': text });
  }

  /** The color labels this Premiere offers, for the settings where an editor picks one per state. */
  colorLabelChoices(): ColorLabelChoice[] {
    return colorLabelChoices(ppro.Constants.ProjectItemColorLabel);
  }

  refreshClip(clipId: string): Promise<HostFixResult> {
    return this.withClipItem(clipId, refreshClip);
  }

  relinkClip(clipId: string, mediaPath: string): Promise<HostFixResult> {
    return this.withClipItem(clipId, (item) => relinkClip(item, mediaPath));
  }

  attachProxy(clipId: string, proxyPath: string): Promise<HostFixResult> {
    return this.withClipItem(clipId, (item) => attachProxy(item, proxyPath));
  }

  /** UXP's folder picker (`localFileSystem.getFolder`, the manifest's `localFileSystem: "request"`); its native path. */
  async chooseFolder(): Promise<string | null> {
    const folder = await require('uxp').storage.localFileSystem.getFolder({});
    return folder ? folder.nativePath : null;
  }

  /** UXP's shell (manifest: requiredPermissions.launchProcess with the http scheme); it answers "" or why it failed. */
  async openExternal(url: string): Promise<void> {
    const failed = await require('uxp').shell.openExternal(url, 'Threefold opens a job report, served by its helper on this computer, in your browser.');
    if (failed) throw new Error(`the browser could not be opened: ${failed}`);
  }

  panelVisible(): boolean {
    return this.visibility.visible;
  }

  onPanelVisibility(listener: (visible: boolean) => void): () => void {
    return this.visibility.subscribe(listener);
  }

  /** The panel's entrypoint was shown or hidden (startInUxp.tsx). */
  setPanelVisible(visible: boolean): void {
    this.visibility.set(visible);
  }

  /** The clip's ClipProjectItem, from the last walk or a new one. */
  private async withClipItem(clipId: string, fix: (item: RelinkableItem) => Promise<HostFixResult>): Promise<HostFixResult> {
    const project = await activeProject();
    if (!project) return { done: false, why: 'no project is open' };
    const known = this.items.get(projectId(project))?.get(clipId);
    const item = known ?? (await this.walk(project)).items.get(clipId);
    const clip = item ? ppro.ClipProjectItem.cast(item) : null;
    if (!clip) return { done: false, why: 'the clip is no longer in the project' };
    return fix(clip);
  }

  /** The project items of these clips; walks again when the last walk does not know one. */
  private async itemsById(project: Project, clipIds: readonly string[]): Promise<Map<string, ProjectItem>> {
    const known = this.items.get(projectId(project));
    return known && clipIds.every((id) => known.has(id)) ? known : (await this.walk(project)).items;
  }

  private async walk(project: Project): Promise<{ clips: HostClip[]; items: Map<string, ProjectItem> }> {
    const found = await walkClips(premiereTree, await project.getRootItem());
    const items = new Map(found.map((f) => [f.clip.id, f.item]));
    this.items.set(projectId(project), items);
    return { clips: found.map((f) => f.clip), items };
  }

  /** The badge's field in the packet: found among the columns, after adding the column once if missing. */
  private async badgeField(project: Project, item: ProjectItem): Promise<string> {
    const id = projectId(project);
    let field = this.badgeFields.get(id) ?? findBadgeField(await ppro.Metadata.getProjectColumnsMetadata(item));
    if (field === null) {
      await ppro.Metadata.addPropertyToProjectMetadataSchema(BADGE_PROPERTY_NAME, BADGE_COLUMN_LABEL, ppro.Constants.MetadataType.TEXT);
      field = findBadgeField(await ppro.Metadata.getProjectColumnsMetadata(item)) ?? BADGE_FIELD_FALLBACK;
    }
    this.badgeFields.set(id, field);
    return field;
  }

  private readonly onDirty = (): void => this.handleEvent('dirty');
  private readonly onClosed = (): void => this.handleEvent('closed');
  private readonly onOpened = (): void => this.handleEvent('opened');
  private readonly onActivated = (): void => this.handleEvent('activated');
  private readonly onImported = (): void => this.handleEvent('imported');
  private readonly onSelection = (): void => {
    const project = this.followed;
    if (!project || this.selectionListeners.size === 0) return;
    this.enqueue(async () => {
      const items = await (await ppro.ProjectUtils.getSelection(project)).getItems();
      const ids = items.map((item) => item.getId());
      for (const listener of [...this.selectionListeners]) listener(ids);
    });
  };

  private startFollowing(): void {
    ppro.EventManager.addGlobalEventListener(ppro.Constants.ProjectEvent.OPENED, this.onOpened);
    ppro.EventManager.addGlobalEventListener(ppro.Constants.ProjectEvent.ACTIVATED, this.onActivated);
    // Global: the reference names the event, not the object it is sent to.
    ppro.EventManager.addGlobalEventListener(ppro.OperationCompleteEvent.EVENT_IMPORT_MEDIA_COMPLETE, this.onImported);
    this.enqueue(async () => this.follow(await activeProject()));
  }

  private stopFollowing(): void {
    ppro.EventManager.removeGlobalEventListener(ppro.Constants.ProjectEvent.OPENED, this.onOpened);
    ppro.EventManager.removeGlobalEventListener(ppro.Constants.ProjectEvent.ACTIVATED, this.onActivated);
    ppro.EventManager.removeGlobalEventListener(ppro.OperationCompleteEvent.EVENT_IMPORT_MEDIA_COMPLETE, this.onImported);
    this.enqueue(async () => this.follow(null));
  }

  private handleEvent(event: ProjectEventKind): void {
    this.enqueue(async () => {
      if (this.listeners.size === 0) return; // unsubscribed meanwhile: follow nothing
      const active = await activeProject();
      const change = projectChangeOf(event, this.followed && projectId(this.followed), active && projectId(active));
      if (change === null) return;
      this.follow(followedAfter(change, active));
      for (const listener of [...this.listeners]) listener(change);
    });
  }

  /** Moves the project-level listeners to `project` (events of a project arrive on that project). */
  private follow(project: Project | null): void {
    const { EventManager, Constants } = ppro;
    if (this.followed) {
      EventManager.removeEventListener(this.followed, Constants.ProjectEvent.DIRTY, this.onDirty);
      EventManager.removeEventListener(this.followed, Constants.ProjectEvent.CLOSED, this.onClosed);
      EventManager.removeEventListener(this.followed, Constants.ProjectEvent.PROJECT_ITEM_SELECTION_CHANGED, this.onSelection);
    }
    this.followed = project;
    if (project) {
      EventManager.addEventListener(project, Constants.ProjectEvent.DIRTY, this.onDirty);
      EventManager.addEventListener(project, Constants.ProjectEvent.CLOSED, this.onClosed);
      EventManager.addEventListener(project, Constants.ProjectEvent.PROJECT_ITEM_SELECTION_CHANGED, this.onSelection);
    }
  }

  private enqueue(task: () => Promise<void>): void {
    // A failed step (Premiere busy, project closing) must not stop the ones after it.
    this.eventQueue = this.eventQueue.then(task).catch((error: unknown) => console.error('Threefold: project event', error));
  }
}
