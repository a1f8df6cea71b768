import { buildHostProject } from '../../../../panel/model/hostProject';
import { EARLY_EVENTS, followEvent, followJob, jobToFollow, NOT_FOLLOWING, startFollowing } from '../../../../panel/model/followedJob';
import { destinationProgress, etaText, overallProgress, progressViews } from '../../../../panel/model/jobProgress';
import { isFinished, jobResultView, retryProject } from '../../../../panel/model/jobResult';
import type { Progress } from '../../../../src/protocol/messages';
import { clip, job } from './fixtures';

const destination = (extra: Partial<Progress['destinations'][number]> = {}): Progress['destinations'][number] => ({
  name: 'raid',
  filesDone: 3,
  filesFailed: 0,
  filesTotal: 10,
  bytesDone: 1_200_000_000,
  bytesTotal: 4_000_000_000,
  rate: 45_100_000,
  etaSeconds: 65,
  ...extra,
});

const progress = (destinations: Progress['destinations']): Progress => ({
  filesDone: 0,
  filesTotal: 0,
  bytesDone: 0,
  bytesTotal: 0,
  rate: 0,
  etaSeconds: null,
  destinations,
});

describe('destination progress', () => {
  it('says how far, how fast and how long', () => {
    expect(destinationProgress(destination())).toEqual({
      name: 'raid',
      state: 'copying',
      percent: 30,
      amount: '3 of 10 files · 1.2 GB of 4.0 GB',
      rate: '45.1 MB/s',
      eta: '1m 05s left',
    });
  });

  it('counts files when there are no bytes to copy, and names failures', () => {
    const d = destinationProgress(destination({ bytesDone: 0, bytesTotal: 0, filesDone: 1, filesTotal: 4, filesFailed: 1 }));
    expect(d.percent).toBe(25);
    expect(d.amount).toBe('1 of 4 files · 0 B of 0 B · 1 failed');
  });

  it('stays within 0–100 and says done when every file is through', () => {
    const d = destinationProgress(destination({ bytesDone: 5, bytesTotal: 4, filesDone: 10, filesTotal: 10, etaSeconds: 0 }));
    expect([d.percent, d.state, d.eta]).toEqual([100, 'done', 'done']);
    expect(destinationProgress(destination({ filesTotal: 1, filesDone: 1 })).amount).toMatch(/^1 of 1 file ·/);
  });

  it('a destination with nothing to do shows no bar, rate or ETA: nothing to copy', () => {
    expect(destinationProgress(destination({ filesTotal: 0, filesDone: 0, bytesTotal: 0, bytesDone: 0, rate: 0 }))).toEqual({
      name: 'raid',
      state: 'nothing',
      percent: null,
      amount: 'nothing to copy: every file is there',
      rate: '',
      eta: '',
    });
  });

  it('a destination whose files failed is marked failed, without a rate', () => {
    const through = destinationProgress(destination({ filesDone: 0, filesFailed: 1, filesTotal: 1, bytesDone: 0, rate: 0 }));
    expect([through.state, through.amount, through.rate, through.eta]).toEqual(['failed', '0 of 1 file · 0 B of 4.0 GB · 1 failed', '', '']);
    // Dropped from the job (the helper says so) while other destinations still copy.
    expect(destinationProgress(destination({ failed: true, filesFailed: 7 })).state).toBe('failed');
  });

  it('leaves the ETA out when it is unknown', () => {
    expect(etaText(null)).toBe('');
    expect(etaText(Number.POSITIVE_INFINITY)).toBe('');
    expect(etaText(-1)).toBe('');
    expect(etaText(5)).toBe('5.0s left');
  });

  it('one view per destination, none without progress', () => {
    expect(progressViews(job({ progress: progress([destination(), destination({ name: 'cloud' })]) })).map((v) => v.name)).toEqual(['raid', 'cloud']);
    expect(progressViews(job({ progress: null }))).toEqual([]);
  });

  it('after a cancel, no row shows a rate or an ETA', () => {
    const rows = progressViews(job({ state: 'cancelled', progress: progress([destination(), destination({ name: 'vault', filesDone: 10, bytesDone: 4e9 })]) }));
    expect(rows.map((r) => [r.name, r.state, r.rate, r.eta])).toEqual([
      ['raid', 'stopped', '', ''],
      ['vault', 'done', '', 'done'],
    ]);
  });

  it('a destination the job could not reach is a failed row, whether or not it had progress', () => {
    const unreachable = { path: '/Volumes/Shuttle', destination: 'shuttle', error: 'not reachable', missed: ['/m/a.mov'] };
    const result = { files: 1, bytes: 1, seconds: 1, upToDate: 0, failed: [unreachable] };
    const rows = progressViews(job({ state: 'failed', progress: progress([destination({ filesDone: 10, bytesDone: 4e9 })]), result }));
    expect(rows.map((r) => [r.name, r.state, r.percent, r.amount])).toEqual([
      ['raid', 'done', 100, '10 of 10 files · 4.0 GB of 4.0 GB'],
      ['shuttle', 'failed', null, 'not reached: 1 file not copied'],
    ]);
    const withRow = progressViews(job({ state: 'failed', progress: progress([destination({ name: 'shuttle', filesTotal: 1, filesDone: 0 })]), result }));
    expect(withRow.map((r) => [r.name, r.state, r.rate])).toEqual([['shuttle', 'failed', '']]);
  });
});

describe('overall progress', () => {
  const whole = (extra: Partial<Progress> = {}): Progress => ({
    ...progress([destination()]),
    filesDone: 2,
    filesTotal: 8,
    bytesDone: 1e9,
    bytesTotal: 4e9,
    rate: 5e7,
    etaSeconds: 60,
    current: '/Volumes/Media/Day 1/A003.mov',
    ...extra,
  });

  it('one bar for the whole job, its pace and the file being copied', () => {
    expect(overallProgress(job({ progress: whole() }))).toEqual({
      percent: 25,
      amount: '2 of 8 files · 1.0 GB of 4.0 GB',
      pace: '50.0 MB/s · 1m 00s left',
      current: 'A003.mov',
    });
    expect(overallProgress(job({ progress: null }))).toBeNull();
  });

  it('once the job ended: no pace, no current file', () => {
    expect(overallProgress(job({ state: 'cancelled', progress: whole() }))).toMatchObject({ pace: '', current: null });
  });
});

describe('job result', () => {
  const result = (failed: Array<{ path: string; destination: string | null; error: string; missed?: string[] }> = [], extra = {}) => ({
    files: 12,
    bytes: 4_200_000_000,
    seconds: 35,
    upToDate: 3,
    failed,
    ...extra,
  });

  it('a success says what was done', () => {
    const view = jobResultView(job({ state: 'succeeded', result: result() }));
    expect(view).toEqual({ summary: 'Protected: 12 files copied (4.2 GB) in 35s · 3 up to date', error: null, failures: [], offline: [], done: false });
  });

  it('failures: each with its file, destination and reason', () => {
    const view = jobResultView(
      job({
        state: 'failed',
        result: result(
          [
            { path: '/m/a.mov', destination: 'raid', error: 'disk full' },
            { path: 'C:\\m\\b.mov', destination: null, error: 'unreadable' },
          ],
          { upToDate: 0, files: 1, seconds: 2.5 },
        ),
      }),
    );
    expect(view.summary).toBe('Finished with 2 failures: 1 file copied (4.2 GB) in 2.5s');
    expect(view.failures).toEqual([
      { path: '/m/a.mov', file: 'a.mov', destination: 'raid', error: 'disk full' },
      { path: 'C:\\m\\b.mov', file: 'b.mov', destination: null, error: 'unreadable' },
    ]);
  });

  it('a job that could not run says why; cancelled and interrupted say so', () => {
    expect(jobResultView(job({ state: 'failed', error: 'no destinations are configured' }))).toEqual({
      summary: 'Could not protect',
      error: 'no destinations are configured',
      failures: [],
      offline: [],
      done: false,
    });
    expect(jobResultView(job({ state: 'cancelled', result: result() })).summary).toMatch(/^Cancelled: 12 files copied/);
    expect(jobResultView(job({ state: 'cancelled' })).summary).toBe('Cancelled');
    expect(jobResultView(job({ state: 'interrupted' })).summary).toMatch(/^Interrupted/);
  });

  it('finished states', () => {
    expect(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'].map((state) => isFinished(job({ state: state as never })))).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('retry sends only the failed files, once each, with what the project said of them', () => {
    const project = buildHostProject({ id: 'g', name: 'Feature', path: '/p/Feature.prproj' }, [
      clip('1', '/m/a.mov', { name: 'A', offline: true }),
      clip('2', '/m/b.mov', { name: 'B' }),
    ])!;
    const failed = job({
      state: 'failed',
      result: result([
        { path: '/m/a.mov', destination: 'raid', error: 'disk full' },
        { path: '/m/a.mov', destination: 'cloud', error: 'timeout' },
        { path: '/p/Feature.prproj', destination: 'cloud', error: 'timeout' },
      ]),
    });
    expect(retryProject(failed, project)).toEqual({
      name: 'Feature',
      media: [
        { path: '/m/a.mov', role: 'media', clips: ['A'], offline: true },
        { path: '/p/Feature.prproj', role: 'project', clips: [], offline: false },
      ],
    });
    expect(retryProject(job({ state: 'succeeded', result: result() }), project)).toBeNull();
  });

  it('a destination that failed whole: its files are retried, not its folder, and the row counts them', () => {
    const project = buildHostProject({ id: 'g', name: 'Feature', path: null }, [clip('1', '/m/a.mov', { name: 'A' }), clip('2', '/m/b.mov', { name: 'B' })])!;
    const failed = job({
      state: 'failed',
      result: result([
        { path: '/Volumes/Shuttle', destination: 'shuttle', error: 'not reachable; nothing was copied there', missed: ['/m/a.mov', '/m/b.mov'] },
        { path: '/Volumes/Raid/ascmhl', destination: 'raid', error: 'the ASC MHL manifest could not be written', missed: [] },
      ]),
    });
    expect(retryProject(failed, project)?.media.map((m) => m.path)).toEqual(['/m/a.mov', '/m/b.mov']);
    expect(jobResultView(failed).failures.map((f) => `${f.file} → ${f.destination}`)).toEqual(['2 files → shuttle', '0 files → raid']);
  });
});

describe('following a job', () => {
  const p = progress([destination()]);

  it('takes progress and state of its own job only', () => {
    const queued = job({ state: 'queued' });
    const running = followJob(queued, { type: 'job.progress', jobId: 7, progress: p })!;
    expect(running).toMatchObject({ id: 7, state: 'running', progress: p });
    expect(followJob(running, { type: 'job.progress', jobId: 8, progress: progress([]) })).toBe(running);
    expect(followJob(running, { type: 'job.state', job: job({ id: 8, state: 'queued' }) })).toBe(running);
    expect(followJob(null, { type: 'job.state', job: job() })).toBeNull();
  });

  it('a finished event ends it, keeping the last progress when the event has none', () => {
    const running = job({ progress: p });
    const done = followJob(running, { type: 'job.finished', job: job({ state: 'succeeded', progress: null, finishedAt: 'x' }) })!;
    expect(done).toMatchObject({ state: 'succeeded', finishedAt: 'x', progress: p });
  });

  it('ignores events about files and errors', () => {
    const running = job();
    expect(followJob(running, { type: 'error', error: { code: 'bad-request', message: 'x' } })).toBe(running);
  });

  it('keeps the events that come before the answer to a protect, and applies them once it comes', () => {
    // The helper starts the job (job.state running) before the protect's answer, which says queued.
    let state = followEvent(NOT_FOLLOWING, { type: 'job.state', job: job({ id: 9, state: 'queued' }) });
    state = followEvent(state, { type: 'job.state', job: job({ id: 9, state: 'running' }) });
    state = followEvent(state, { type: 'job.state', job: job({ id: 8, state: 'running', title: 'Other' }) });
    expect(state.job).toBeNull();
    const followed = startFollowing(state, job({ id: 9, state: 'queued' }));
    expect(followed.job).toMatchObject({ id: 9, state: 'running' });
    expect(followed.early).toHaveLength(1);
    // Later events of the followed job apply directly.
    const finished = followEvent(followed, { type: 'job.finished', job: job({ id: 9, state: 'succeeded', finishedAt: 'x' }) });
    expect(finished.job).toMatchObject({ state: 'succeeded' });
    expect(finished.early).toHaveLength(1);
  });

  it('keeps only the newest early events', () => {
    let state = NOT_FOLLOWING;
    for (let i = 0; i < EARLY_EVENTS + 5; i++) state = followEvent(state, { type: 'job.progress', jobId: i, progress: p });
    expect(state.early).toHaveLength(EARLY_EVENTS);
    expect(startFollowing(state, job({ id: 0, state: 'queued' })).job?.state).toBe('queued');
    expect(startFollowing(state, job({ id: EARLY_EVENTS + 4, state: 'queued' })).job?.state).toBe('running');
    expect(followEvent(state, { type: 'error', error: { code: 'bad-request', message: 'x' } })).toBe(state);
  });

  it('after a reconnect, follows the newest live protect job of the project', () => {
    const jobs = [
      job({ id: 1, state: 'succeeded' }),
      job({ id: 2, state: 'running' }),
      job({ id: 3, state: 'queued' }),
      job({ id: 4, state: 'running', title: 'Other project' }),
      job({ id: 5, state: 'running', kind: 'verify' }),
    ];
    expect(jobToFollow(jobs, 'Feature')!.id).toBe(3);
    expect(jobToFollow(jobs.slice(0, 1), 'Feature')).toBeNull();
  });
});
