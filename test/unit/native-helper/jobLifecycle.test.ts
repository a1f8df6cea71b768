import path from 'node:path';
import { Catalog } from '../../../native-helper/catalog/catalog';
import { endJobUnfinished, queueJob, runJob } from '../../../native-helper/engine/jobLifecycle';
import { SqliteDatabase } from '../../../native-helper/sqlite/sqliteDatabase';
import { makeTempDir } from '../../helpers/tempDir';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
let catalog: Catalog;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'catalog.sqlite');
  catalog = Catalog.open(file);
});
afterEach(() => {
  catalog.close();
  temp.cleanup();
});

const row = (id: number) => catalog.jobs.recent(100).find((j) => j.id === id)!;
const tally =
  (files: number, failed = false) =>
  () => ({ files, bytes: files * 10, failed });

describe('runJob', () => {
  it('runs the body as a running job, then records it succeeded with its tallies', async () => {
    let during;
    const { id, state, result } = await runJob(
      catalog,
      { kind: 'verify', targets: ['/m'] },
      async (jobId) => {
        during = row(jobId);
        return 'body result';
      },
      tally(3),
    );
    expect(during).toMatchObject({ id, kind: 'verify', state: 'running', finishedAt: null });
    expect(result).toBe('body result');
    expect(state).toBe('succeeded');
    expect(row(id)).toMatchObject({ state: 'succeeded', files: 3, bytes: 30, targets: '["/m"]' });
    expect(row(id).finishedAt).not.toBeNull();
  });

  it('records a job whose work failed as failed, and one cancelled as cancelled whatever its work', async () => {
    expect((await runJob(catalog, { kind: 'protect', targets: [] }, async () => undefined, tally(1, true))).state).toBe('failed');
    const abort = new AbortController();
    abort.abort();
    const cancelled = await runJob(catalog, { kind: 'protect', targets: [], signal: abort.signal }, async () => undefined, tally(1, true));
    expect(cancelled.state).toBe('cancelled');
    expect(row(cancelled.id).state).toBe('cancelled');
  });

  it('starts a queued job in its own row, and ends it if its body throws', async () => {
    const queued = queueJob(catalog, 'verify', ['/m'], 'verify /m');
    expect(row(queued).state).toBe('queued');
    const failing = runJob(
      catalog,
      { kind: 'verify', targets: ['/m'], queuedJobId: queued },
      async () => {
        throw new Error('disk on fire');
      },
      tally(0),
    );
    await expect(failing).rejects.toThrow('disk on fire');
    expect(catalog.jobs.recent(100)).toHaveLength(1);
    expect(row(queued)).toMatchObject({ state: 'failed', title: 'verify /m' });
  });

  it('marks the jobs a dead process left running as interrupted before it starts one', async () => {
    const db = new SqliteDatabase(file);
    const dead = db
      .prepare(`INSERT INTO jobs (kind, targets, state, started_at, pid) VALUES ('protect', '[]', 'running', 'then', ?) RETURNING id`)
      .pluck()
      .get(0x3ffffff0) as number;
    db.close();
    await runJob(catalog, { kind: 'protect', targets: [] }, async () => undefined, tally(0));
    expect(row(dead).state).toBe('interrupted');
  });
});

describe('endJobUnfinished', () => {
  it('ends a queued job cancelled, or failed, with nothing counted', () => {
    const cancelled = queueJob(catalog, 'protect', ['/m'], 'Media');
    const failed = queueJob(catalog, 'protect', ['/m'], 'Media');
    endJobUnfinished(catalog, cancelled, true);
    endJobUnfinished(catalog, failed, false);
    expect(row(cancelled)).toMatchObject({ state: 'cancelled', files: 0, bytes: 0 });
    expect(row(failed)).toMatchObject({ state: 'failed', files: 0, bytes: 0 });
  });
});
