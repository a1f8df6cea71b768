import { buildHostProject } from '../../../../panel/model/hostProject';
import { followJob, jobToFollow } from '../../../../panel/model/followedJob';
import { destinationProgress, etaText, progressViews } from '../../../../panel/model/jobProgress';
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
    expect(destinationProgress(destination({ filesTotal: 0, filesDone: 0, bytesTotal: 0, bytesDone: 0 })).percent).toBe(0);
  });

  it('stays within 0–100 and says done when every file is through', () => {
    const d = destinationProgress(destination({ bytesDone: 5, bytesTotal: 4, filesDone: 9, filesFailed: 1, filesTotal: 10, etaSeconds: 0 }));
    expect(d.percent).toBe(100);
    expect(d.eta).toBe('done');
    expect(destinationProgress(destination({ filesTotal: 1, filesDone: 1 })).amount).toMatch(/^1 of 1 file ·/);
  });

  it('leaves the ETA out when it is unknown', () => {
    expect(etaText(null)).toBe('');
    expect(etaText(Number.POSITIVE_INFINITY)).toBe('');
    expect(etaText(-1)).toBe('');
    expect(etaText(5)).toBe('5.0s left');
  });

  it('one view per destination, none without progress', () => {
    expect(progressViews(progress([destination(), destination({ name: 'cloud' })])).map((v) => v.name)).toEqual(['raid', 'cloud']);
    expect(progressViews(null)).toEqual([]);
  });
});

describe('job result', () => {
  const result = (failed: Array<{ path: string; destination: string | null; error: string }> = [], extra = {}) => ({
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
