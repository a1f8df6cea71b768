import { JobProgress } from '../../../native-helper/engine/progress';

const tasks = [
  { source: { size: 100 }, destinations: ['raid', 'shuttle'] },
  { source: { size: 50 }, destinations: ['raid', 'shuttle'] },
];

describe("a job's progress", () => {
  it('names the file started last', () => {
    const progress = new JobProgress(tasks, ['raid', 'shuttle']);
    expect(progress.snapshot().current).toBeUndefined();
    progress.fileStarted('/m/a.mov');
    progress.fileStarted('/m/b.mov');
    expect(progress.snapshot().current).toBe('/m/b.mov');
  });

  it('a destination dropped from the job counts the files it waited for as failed, and says it failed', () => {
    const progress = new JobProgress(tasks, ['raid', 'shuttle']);
    progress.fileDone(new Map([['shuttle', { ok: true }]]), false);
    progress.destinationLost('shuttle');
    const [raid, shuttle] = progress.snapshot().destinations;
    expect(shuttle).toMatchObject({ name: 'shuttle', filesDone: 1, filesFailed: 1, filesTotal: 2, failed: true });
    expect(raid).toMatchObject({ name: 'raid', filesFailed: 0 });
    expect(raid!.failed).toBeUndefined();
  });
});
