/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { mergeStatuses, NO_STATUSES } from '../../../../panel/model/assetStatuses';
import { clipRows } from '../../../../panel/model/clipRows';
import { ROW_HEIGHT } from '../../../../panel/ui/views/ClipList';
import { MainView, type MainViewProps } from '../../../../panel/ui/views/MainView';
import type { JobInfo } from '../../../../src/protocol/messages';
import { clip, job, status } from '../model/fixtures';

const NOW = new Date('2025-06-15T12:00:00Z');

const rows = clipRows(
  [
    clip('a', '/m/A001.mov', { name: 'A001' }),
    clip('b', '/m/A002.mov', { name: 'A002', proxyPath: '/p/A002_Proxy.mp4' }),
    clip('c', '/m/B001.mov', { name: 'B001' }),
    clip('d', '/m/B002.mov', { name: 'B002', offline: true }),
  ],
  mergeStatuses(NO_STATUSES, [
    status('/m/A001.mov', 'protected', {
      size: 3_000_000,
      locations: [
        { destination: 'raid', location: '/RAID/m/A001.mov', verifiedAt: '2025-06-15T11:55:00Z' },
        { destination: 'vault', location: '/Vault/m/A001.mov', verifiedAt: '2025-06-15T09:00:00Z' },
      ],
    }),
    status('/m/A002.mov', 'unprotected', { label: '1 copy · 1 medium · no offsite', size: 2_000_000 }),
    status('/p/A002_Proxy.mp4', 'partial', {
      label: '2 copies · no offsite',
      locations: [{ destination: 'raid', location: '/RAID/p/A002_Proxy.mp4', verifiedAt: '2025-06-15T11:59:30Z' }],
    }),
    status('/m/B001.mov', 'unprotected', { label: '1 copy · 1 medium · no offsite', size: 4_000_000 }),
    status('/m/B002.mov', 'lost', { label: 'lost: source missing, no copy', size: 0 }),
  ]),
);

function renderMain(props: Partial<MainViewProps> = {}) {
  const all: MainViewProps = {
    ...baseProps(),
    onProtect: jest.fn(),
    onCancel: jest.fn(),
    onRetryFailures: jest.fn(),
    onDismissJob: jest.fn(),
    onOpenDestinations: jest.fn(),
    onOpenSettings: jest.fn(),
    ...props,
  };
  const view = render(<MainView {...all} />);
  return { ...all, ...view };
}

const renderedRows = () =>
  screen.queryAllByTestId('clip-row').map((r) => ({
    id: r.getAttribute('data-clip-id'),
    state: r.getAttribute('data-state'),
    name: within(r).getByTestId('clip-name').textContent,
    folder: within(r).getByTestId('clip-folder').textContent,
    chip: within(r).getByTestId('chip').textContent,
  }));

describe('MainView: the project', () => {
  it('names the project and lists each clip with its file and chip', () => {
    renderMain();
    expect(screen.getByTestId('project-name').textContent).toBe('Documentary');
    expect(renderedRows()).toEqual([
      { id: 'a', state: 'protected', name: 'A001', folder: '/m', chip: '3-2-1 ✓' },
      { id: 'b', state: 'unprotected', name: 'A002', folder: '/m', chip: 'Not backed up' },
      { id: 'c', state: 'unprotected', name: 'B001', folder: '/m', chip: 'Not backed up' },
      { id: 'd', state: 'lost', name: 'B002', folder: '/m', chip: 'lost: source missing, no copy' },
    ]);
  });

  it('summarises clips per state, the bytes involved and the proportions', () => {
    renderMain();
    const count = (state: string) => screen.getByTestId(`summary-${state}`);
    expect(['protected', 'partial', 'unprotected', 'missing', 'lost'].map((s) => count(s).getAttribute('data-count'))).toEqual(['1', '0', '2', '0', '1']);
    expect(count('unprotected').textContent).toBe('2 unprotected · 6.0 MB');
    expect(screen.getByTestId('summary').textContent).toContain('1 of 4 clips protected · 9.0 MB');
    const segments = [...screen.getByTestId('summary-bar').children] as HTMLElement[];
    expect(segments.map((s) => [s.getAttribute('data-state'), s.style.width])).toEqual([
      ['protected', '25%'],
      ['unprotected', '50%'],
      ['lost', '25%'],
    ]);
  });

  it('filters: needs protection, protected, missing, all', () => {
    renderMain();
    const names = () => renderedRows().map((r) => r.name);
    fireEvent.click(screen.getByTestId('filter-needs'));
    expect(names()).toEqual(['A002', 'B001', 'B002']);
    fireEvent.click(screen.getByTestId('filter-protected'));
    expect(names()).toEqual(['A001']);
    expect(screen.getByTestId('filter-protected').getAttribute('data-selected')).toBe('true');
    fireEvent.click(screen.getByTestId('filter-missing'));
    expect(names()).toEqual(['B002']);
    fireEvent.click(screen.getByTestId('filter-all'));
    expect(names()).toHaveLength(4);
    expect(screen.getByTestId('filter-needs').textContent).toBe('Needs protection 3');
  });

  it('filters answer the keyboard: each is focusable, Enter or Space chooses it, other keys do not', () => {
    renderMain();
    const names = () => renderedRows().map((r) => r.name);
    expect(screen.getByTestId('filter-protected').tabIndex).toBe(0);
    fireEvent.keyDown(screen.getByTestId('filter-protected'), { key: 'Enter' });
    expect(names()).toEqual(['A001']);
    fireEvent.keyDown(screen.getByTestId('filter-missing'), { key: ' ' });
    expect(names()).toEqual(['B002']);
    fireEvent.keyDown(screen.getByTestId('filter-all'), { key: 'a' });
    expect(names()).toEqual(['B002']);
  });

  it('a selected row shows where its copies are and when each was verified; its proxy apart', () => {
    renderMain();
    expect(screen.queryByTestId('clip-details')).toBeNull();
    fireEvent.click(screen.getAllByTestId('clip-row')[0]!);
    const details = screen.getByTestId('clip-details');
    expect(
      within(details)
        .getAllByTestId('copy-location')
        .map((c) => c.textContent),
    ).toEqual(['raid/RAID/m/A001.movverified 5 min ago', 'vault/Vault/m/A001.movverified 3 h ago']);
    expect(screen.getAllByTestId('clip-row')[0]!.className).toContain('selected');

    fireEvent.click(screen.getAllByTestId('clip-row')[1]!);
    const proxyDetails = screen.getByTestId('clip-details');
    expect(within(proxyDetails).queryAllByTestId('copy-location')).toEqual([]);
    expect(proxyDetails.textContent).toContain('No verified copy yet.');
    expect(within(proxyDetails).getByTestId('proxy-details').textContent).toContain('Proxy: A002_Proxy.mp4');
    expect(
      within(proxyDetails)
        .getAllByTestId('proxy-copy-location')
        .map((c) => c.getAttribute('data-name')),
    ).toEqual(['raid']);

    fireEvent.click(within(proxyDetails).getByTestId('details-close'));
    expect(screen.queryByTestId('clip-details')).toBeNull();
  });

  it("a clip known only by its badge shows 'Checking…' until its copies are loaded, then where they are", async () => {
    const badgeOnly = clipRows(
      [clip('e', '/m/C001.mov', { name: 'C001' })],
      mergeStatuses(NO_STATUSES, [{ ...status('/m/C001.mov', 'partial'), locations: undefined }]),
    );
    const asked: string[][] = [];
    const loadCopies = async (paths: string[]) => {
      asked.push(paths);
      return [status('/m/C001.mov', 'partial', { locations: [{ destination: 'nas', location: '/NAS/m/C001.mov', verifiedAt: '2025-06-15T11:00:00Z' }] })];
    };
    renderMain({ rows: badgeOnly, loadCopies });
    fireEvent.click(screen.getAllByTestId('clip-row')[0]!);
    expect(screen.getByTestId('clip-details').textContent).toContain('Checking…');
    expect((await screen.findAllByTestId('copy-location')).map((c) => c.textContent)).toEqual(['nas/NAS/m/C001.movverified 1 h ago']);
    expect(asked).toEqual([['/m/C001.mov']]);
  });

  it('a clip whose copies cannot be loaded says why', async () => {
    const badgeOnly = clipRows(
      [clip('e', '/m/C001.mov', { name: 'C001' })],
      mergeStatuses(NO_STATUSES, [{ ...status('/m/C001.mov', 'partial'), locations: undefined }]),
    );
    renderMain({ rows: badgeOnly, loadCopies: async () => Promise.reject(new Error('the helper is not running')) });
    fireEvent.click(screen.getAllByTestId('clip-row')[0]!);
    expect((await screen.findByText(/could not be read/)).textContent).toContain('the helper is not running');
  });

  it('an offline clip says so in its details', () => {
    renderMain();
    fireEvent.click(screen.getAllByTestId('clip-row')[3]!);
    expect(screen.getByTestId('clip-details').textContent).toContain('Premiere shows this clip offline.');
  });

  it('chips follow new statuses', () => {
    const { rerender } = renderMain();
    const updated = clipRows(
      [clip('a', '/m/A001.mov', { name: 'A001' })],
      mergeStatuses(NO_STATUSES, [status('/m/A001.mov', 'partial', { label: '2 copies · no offsite' })]),
    );
    rerender(<MainView {...baseProps()} rows={updated} />);
    expect(renderedRows()).toEqual([{ id: 'a', state: 'partial', name: 'A001', folder: '/m', chip: '2 copies · no offsite' }]);
  });

  it('without a project: says so, and nothing to protect', () => {
    renderMain({ projectName: null, rows: [], canProtect: false });
    expect(screen.getByTestId('project-name').textContent).toBe('No project open');
    expect(screen.queryByTestId('clip-list')).toBeNull();
    expect(screen.getByTestId('protect-button').hasAttribute('disabled')).toBe(true);
  });

  it('shows why the status could not be read, and the project file chip', () => {
    renderMain({ statusError: 'not connected to the helper', projectFile: status('/p/Doc.prproj', 'protected') });
    expect(screen.getByTestId('status-error').textContent).toBe('not connected to the helper');
    expect(within(screen.getByTestId('project-file')).getByTestId('chip').textContent).toBe('3-2-1 ✓');
  });

  it('opens the destinations, and the settings', () => {
    const props = renderMain();
    fireEvent.click(screen.getByTestId('open-destinations'));
    expect(props.onOpenDestinations).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('open-settings'));
    expect(props.onOpenSettings).toHaveBeenCalledTimes(1);
  });
});

describe('MainView: the clip list is virtualised', () => {
  const many = clipRows(
    Array.from({ length: 20_000 }, (_, i) => clip(`c${i}`, `/m/clip${i}.mov`, { name: `Clip ${i}` })),
    NO_STATUSES,
  );

  it('renders only a window of 20,000 rows, with spacers for the rest', () => {
    renderMain({ rows: many });
    const list = screen.getByTestId('clip-list');
    expect(list.getAttribute('data-count')).toBe('20000');
    const rendered = screen.getAllByTestId('clip-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    const [top, bottom] = [list.firstElementChild as HTMLElement, list.lastElementChild as HTMLElement];
    expect(parseFloat(top.style.height) + rendered.length * ROW_HEIGHT + parseFloat(bottom.style.height)).toBe(20_000 * ROW_HEIGHT);
  });

  it('scrolling moves the window', () => {
    renderMain({ rows: many });
    const list = screen.getByTestId('clip-list');
    list.scrollTop = 10_000 * ROW_HEIGHT;
    fireEvent.scroll(list);
    const ids = screen.getAllByTestId('clip-row').map((r) => r.getAttribute('data-clip-id'));
    expect(ids).toContain('c10000');
    expect(ids).not.toContain('c0');
    expect(ids.length).toBeLessThan(40);
  });

  it('arrow keys move the selection and keep it in view', () => {
    renderMain({ rows: many });
    const list = screen.getByTestId('clip-list');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('c0');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('c1');
  });

  it('a new filter starts at the top', () => {
    renderMain({ rows: many });
    const list = screen.getByTestId('clip-list');
    list.scrollTop = 5_000 * ROW_HEIGHT;
    fireEvent.scroll(list);
    fireEvent.click(screen.getByTestId('filter-needs'));
    expect(screen.getAllByTestId('clip-row')[0]!.getAttribute('data-clip-id')).toBe('c0');
  });
});

describe('MainView: protect and its job', () => {
  const progress = (done: number): JobInfo['progress'] => ({
    filesDone: done,
    filesTotal: 10,
    bytesDone: done * 1_000_000,
    bytesTotal: 10_000_000,
    rate: 2_500_000,
    etaSeconds: 4,
    destinations: [
      { name: 'raid', filesDone: done, filesFailed: 0, filesTotal: 10, bytesDone: done * 1_000_000, bytesTotal: 10_000_000, rate: 2_500_000, etaSeconds: 4 },
      { name: 'vault', filesDone: 0, filesFailed: 0, filesTotal: 10, bytesDone: 0, bytesTotal: 10_000_000, rate: 0, etaSeconds: null },
    ],
  });

  it('Protect project asks for it; disabled when it cannot run', () => {
    const props = renderMain();
    fireEvent.click(screen.getByTestId('protect-button'));
    expect(props.onProtect).toHaveBeenCalledTimes(1);
  });

  it('a running job: a bar per destination with rate and ETA, Cancel; protect is disabled', () => {
    const props = renderMain({ job: job({ state: 'running', progress: progress(4) }) });
    const bars = screen.getAllByTestId('destination-progress');
    expect(bars.map((b) => b.getAttribute('data-name'))).toEqual(['raid', 'vault']);
    const raidBar = bars[0]!.querySelector('sp-progressbar')!;
    expect([raidBar.getAttribute('max'), raidBar.getAttribute('value')]).toEqual(['100', '40']);
    expect(bars[0]!.textContent).toContain('2.5 MB/s · 4.0s left');
    expect(bars[0]!.textContent).toContain('4 of 10 files · 4.0 MB of 10.0 MB');
    expect(bars[1]!.textContent).toContain('0 B/s');
    expect(screen.getByTestId('protect-button').hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByTestId('protect-button'));
    expect(props.onProtect).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('cancel-button'));
    expect(props.onCancel).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('job-result')).toBeNull();
  });

  it('a running job shows one bar for the whole job and the file being copied; a failed destination is marked', () => {
    const running = progress(4)!;
    running.current = '/m/A001.mov';
    running.destinations[1] = { ...running.destinations[1]!, filesFailed: 10, failed: true };
    running.destinations.push({ name: 'nas', filesDone: 0, filesFailed: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: null });
    renderMain({ job: job({ state: 'running', progress: running }) });
    expect(screen.getByTestId('overall-progress').querySelector('sp-progressbar')!.getAttribute('value')).toBe('40');
    expect(screen.getByTestId('current-file').textContent).toBe('Copying A001.mov');
    const rows = screen.getAllByTestId('destination-progress');
    expect(rows.map((r) => [r.getAttribute('data-name'), r.getAttribute('data-state'), r.querySelector('sp-progressbar') !== null])).toEqual([
      ['raid', 'copying', true],
      ['vault', 'failed', true],
      ['nas', 'nothing', false],
    ]);
    expect(within(rows[1]!).queryByTestId('failed-mark')).not.toBeNull();
    expect(within(rows[1]!).getByTestId('destination-pace').textContent).toBe('');
    expect(rows[2]!.textContent).toContain('nothing to copy');
  });

  it('after a cancel, no rate or ETA is shown', () => {
    renderMain({ job: job({ state: 'cancelled', progress: progress(4), result: { files: 4, bytes: 4, seconds: 1, upToDate: 0, failed: [] } }) });
    for (const pace of screen.getAllByTestId('destination-pace')) expect(pace.textContent).toBe('');
    expect(screen.getByTestId('overall-pace').textContent).toBe('');
    expect(screen.queryByTestId('current-file')).toBeNull();
  });

  it('a finished job says what failed and why, offers to retry the failures, and keeps its last bars', () => {
    const failed = job({
      state: 'failed',
      progress: progress(10),
      result: {
        files: 3,
        bytes: 9_000_000,
        seconds: 3,
        upToDate: 0,
        failed: [{ path: '/m/B002.mov', destination: null, error: 'the source file is missing' }],
      },
    });
    const props = renderMain({ job: failed, canRetry: true });
    const result = screen.getByTestId('job-result');
    expect(result.textContent).toContain('Finished with 1 failure: 3 files copied (9.0 MB) in 3.0s');
    expect(result.textContent).toContain('B002.mov');
    expect(result.textContent).toContain('the source file is missing');
    expect(screen.getAllByTestId('destination-progress')).toHaveLength(2);
    expect(screen.queryByTestId('cancel-button')).toBeNull();
    expect(screen.getByTestId('protect-button').hasAttribute('disabled')).toBe(false);
    fireEvent.click(screen.getByTestId('retry-failures'));
    expect(props.onRetryFailures).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('dismiss-result'));
    expect(props.onDismissJob).toHaveBeenCalledTimes(1);
  });

  it('the job view folds to its first line, keeping its actions; Protect project stays outside the scrolling body', () => {
    const failed = job({
      state: 'failed',
      progress: progress(10),
      result: {
        files: 3,
        bytes: 9_000_000,
        seconds: 3,
        upToDate: 0,
        failed: [{ path: '/m/B002.mov', destination: null, error: 'the source file is missing' }],
      },
    });
    renderMain({ job: failed, canRetry: true });
    fireEvent.click(screen.getByTestId('job-toggle'));
    expect(screen.queryByTestId('job-progress')).toBeNull();
    expect(screen.queryAllByTestId('job-failure')).toEqual([]);
    expect(screen.getByTestId('job-summary').textContent).toMatch(/^Finished with 1 failure/);
    expect(screen.getByTestId('retry-failures')).toBeTruthy();
    fireEvent.click(screen.getByTestId('job-toggle'));
    expect(screen.getAllByTestId('job-failure')).toHaveLength(1);
    expect(screen.getByTestId('main-body').contains(screen.getByTestId('protect-button'))).toBe(false);
  });

  it('a cancelled job says so; no retry without failures', () => {
    renderMain({ job: job({ state: 'cancelled', progress: progress(2), result: { files: 2, bytes: 2, seconds: 1, upToDate: 0, failed: [] } }) });
    expect(screen.getByTestId('job-result').textContent).toMatch(/^Cancelled/);
    expect(screen.queryByTestId('retry-failures')).toBeNull();
  });

  it('a job that could not run, and a refused protect, say why', () => {
    renderMain({ job: job({ state: 'failed', error: 'no destinations are configured' }), protectError: 'too many jobs are queued' });
    expect(screen.getByTestId('job-result').textContent).toContain('no destinations are configured');
    expect(screen.getByTestId('protect-error').textContent).toBe('too many jobs are queued');
  });

  it('lists at most 50 failures by name and counts the rest', () => {
    const failures = Array.from({ length: 60 }, (_, i) => ({ path: `/m/f${i}.mov`, destination: 'raid', error: 'disk full' }));
    renderMain({ job: job({ state: 'failed', result: { files: 0, bytes: 0, seconds: 1, upToDate: 0, failed: failures } }), canRetry: true });
    expect(screen.getAllByTestId('job-failure')).toHaveLength(50);
    expect(screen.getByTestId('job-result').textContent).toContain('and 10 more');
  });
});

describe('MainView: what can be done with a clip', () => {
  it('a clip selected alone in the host is selected here; several leave the list alone', () => {
    const view = renderMain({ hostSelection: ['c'] });
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('c');
    view.rerender(<MainView {...view} hostSelection={['a', 'b']} />);
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('c');
    view.rerender(<MainView {...view} hostSelection={['unknown-item']} />);
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('c');
    view.rerender(<MainView {...view} hostSelection={['a']} />);
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('a');
  });

  it("verifies the clip's media and proxy; not while a job runs", () => {
    const onVerify = jest.fn();
    const view = renderMain({ copyActions: { onVerify, reveal: async () => undefined, copyText: async () => undefined }, hostSelection: ['b'] });
    fireEvent.click(screen.getByTestId('verify-clip'));
    expect(onVerify).toHaveBeenCalledWith(['/m/A002.mov', '/p/A002_Proxy.mp4']);
    view.rerender(<MainView {...view} job={job({ state: 'running' })} />);
    expect(screen.getByTestId('verify-clip').hasAttribute('disabled')).toBe(true);
  });

  it("shows a local copy in the file manager through the helper, or says why not; copies a copy's path", async () => {
    const reveal = jest.fn(async () => {
      throw new Error('the copy on vault is not there now (is /Vault connected?)');
    });
    const copyText = jest.fn(async () => undefined);
    renderMain({ copyActions: { onVerify: () => undefined, reveal, copyText }, hostSelection: ['a'] });
    const vault = document.querySelector('.copy-actions[data-name="vault"]') as HTMLElement;
    fireEvent.click(within(vault).getByTestId('reveal-copy'));
    expect(reveal).toHaveBeenCalledWith('/m/A001.mov', 'vault');
    expect((await screen.findByTestId('copy-notice')).textContent).toBe('the copy on vault is not there now (is /Vault connected?)');
    fireEvent.click(within(vault).getByTestId('copy-path'));
    expect(copyText).toHaveBeenCalledWith('/Vault/m/A001.mov');
    await waitFor(() => expect(screen.getByTestId('copy-notice').textContent).toBe('Path copied.'));
  });

  it('a copy in a bucket has no folder to show, only its path to copy', () => {
    const inBucket = clipRows(
      [clip('z', '/m/Z.mov', { name: 'Z' })],
      mergeStatuses(NO_STATUSES, [
        status('/m/Z.mov', 'partial', { locations: [{ destination: 'b2', location: 's3://bucket/tf/m/Z.mov', verifiedAt: '2025-06-15T11:00:00Z' }] }),
      ]),
    );
    renderMain({ rows: inBucket, hostSelection: ['z'] });
    const actions = document.querySelector('.copy-actions[data-name="b2"]') as HTMLElement;
    expect(within(actions).queryByTestId('reveal-copy')).toBeNull();
    expect(within(actions).getByTestId('copy-path')).toBeTruthy();
  });
});

describe('MainView: browsing the clips', () => {
  const binned = clipRows(
    [
      clip('a', '/m/Day 1/A001.mov', { name: 'A001', bin: ['Footage', 'Day 1'] }),
      clip('b', '/m/Day 2/B001.mov', { name: 'B001', bin: ['Footage', 'Day 2'] }),
      clip('s', '/m/Audio/Score.wav', { name: 'Score', bin: [] }),
    ],
    mergeStatuses(NO_STATUSES, [status('/m/Day 1/A001.mov', 'protected', { size: 10 }), status('/m/Audio/Score.wav', 'lost', { size: 99 })]),
  );
  const listed = () =>
    [...screen.getByTestId('clip-list').querySelectorAll('[data-testid="clip-row"], [data-testid="bin-heading"]')].map((e) =>
      e.getAttribute('data-testid') === 'bin-heading' ? `[${e.getAttribute('data-name')}]` : e.getAttribute('data-clip-id'),
    );

  it('each row names its bin and the folder of its file', () => {
    renderMain({ rows: binned });
    const first = screen.getAllByTestId('clip-row')[0]!;
    expect(within(first).getByTestId('clip-bin').textContent).toBe('Footage / Day 1');
    expect(within(first).getByTestId('clip-folder').textContent).toBe('/m/Day 1');
    expect(within(first).getByTestId('clip-folder').getAttribute('title')).toBe('/m/Day 1/A001.mov');
  });

  it('searches, sorts and groups by bin', () => {
    renderMain({ rows: binned });
    const search = screen.getByTestId('clip-search') as HTMLInputElement;
    search.value = 'day';
    fireEvent.input(search);
    expect(listed()).toEqual(['a', 'b']);
    search.value = '';
    fireEvent.input(search);
    const sort = screen.getByTestId('clip-sort') as HTMLSelectElement;
    sort.value = 'state';
    fireEvent.change(sort);
    expect(listed()).toEqual(['s', 'a', 'b']); // lost, protected, not known yet
    const group = screen.getByTestId('group-by-bin') as HTMLElement & { checked: boolean };
    group.checked = true;
    fireEvent.change(group);
    expect(listed()).toEqual(['[Project]', 's', '[Footage / Day 1]', 'a', '[Footage / Day 2]', 'b']);
    // The headings say the bin: the rows do not repeat it.
    expect(screen.queryAllByTestId('clip-bin')).toEqual([]);
  });

  it('the arrow keys move between clips over the headings', () => {
    renderMain({ rows: binned });
    const group = screen.getByTestId('group-by-bin') as HTMLElement & { checked: boolean };
    group.checked = true;
    fireEvent.change(group);
    const list = screen.getByTestId('clip-list');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('s');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getByTestId('clip-details').getAttribute('data-clip-id')).toBe('a');
  });
});

function baseProps(): MainViewProps {
  return {
    projectName: 'Documentary',
    rows,
    projectFile: null,
    loading: false,
    statusError: null,
    warning: null,
    job: null,
    protectError: null,
    canProtect: true,
    canRetry: false,
    now: NOW,
    loadCopies: async () => [],
    copyActions: { onVerify: () => undefined, reveal: async () => undefined, copyText: async () => undefined },
    hostSelection: [],
    onProtect: () => undefined,
    onCancel: () => undefined,
    onRetryFailures: () => undefined,
    onDismissJob: () => undefined,
    onOpenDestinations: () => undefined,
    onOpenSettings: () => undefined,
  };
}
