import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, saveConfig } from '../native-helper/config/config';
import { HelperProcess, readProc } from './helperProcess';
import { removeAll } from './measure';
import type { IdleResult } from './report';

const BASELINE = 'setInterval(() => {}, 1e9)';
/** The helper is measured once its CPU over this long stays under WARM_SHARE of a core (its watches are set). */
const WARM_WINDOW_MS = 3000;
const WARM_SHARE = 0.02;
const WARM_LIMIT_MS = 180_000;

/**
 * The helper with nothing to do: `plans` plans (a watched Premiere project, a cron plan, the others watched
 * media folders) over `files` files, no scheduled scrub or drill, one local destination. Once its watches are
 * set, its CPU time and RSS over `seconds`, beside a bare Node process (`node -e "setInterval(…)"`) measured over
 * the same seconds; the target is under 1% of a core and 150 MB.
 */
export async function benchIdle(root: string, plans: number, files: number, seconds: number, say: (line: string) => void): Promise<IdleResult> {
  const home = path.join(root, 'idle-home');
  const media = path.join(root, 'idle-media');
  const dest = path.join(root, 'idle-dest');
  const folders = Math.max(1, plans - 2);
  say(`idle: writing ${files.toLocaleString('en')} files in ${folders} folders…`);
  for (let f = 0; f < folders; f += 1) {
    const folder = path.join(media, `Card ${String(f).padStart(3, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = f; i < files; i += folders) fs.writeFileSync(path.join(folder, `A${String(i).padStart(6, '0')}.mov`), String(i));
  }
  const project = path.join(root, 'idle-project', 'Ferry Doc.prproj');
  fs.mkdirSync(path.dirname(project), { recursive: true });
  fs.writeFileSync(project, 'a project the helper only watches');
  fs.mkdirSync(dest, { recursive: true });
  const createdAt = new Date().toISOString();
  const plan = (target: string, trigger: { onChange: true } | { onChange: false; cron: string }) => ({
    id: crypto.randomBytes(4).toString('hex'),
    name: path.basename(target),
    target,
    to: [],
    paused: false,
    createdAt,
    ...trigger,
  });
  await saveConfig(home, {
    ...(await loadConfig(home)),
    destinations: [{ name: 'raid', kind: 'local', path: dest, media: 'raid', offsite: false }],
    plans: [
      plan(project, { onChange: true }),
      plan(media, { onChange: false, cron: '0 3 1 1 *' }),
      ...fs.readdirSync(media).map((f) => plan(path.join(media, f), { onChange: true })),
    ],
    automation: {
      settleSeconds: 5,
      minGapMinutes: 10,
      destinationPollSeconds: 30,
      offsiteDeadlineHours: 24,
      planDeadlineDays: 7,
      scrubCron: null,
      drillEvery: null,
    },
  });
  say('idle: starting the helper and waiting for its watches…');
  const helper = await HelperProcess.start(home, { sampleMs: 1000 });
  const baseline = spawn(process.execPath, ['-e', BASELINE], { stdio: 'ignore' });
  try {
    await warm(helper.pid);
    say(`idle: measuring ${seconds} s…`);
    helper.beginPhase();
    const baselineStart = readProc(baseline.pid!)!;
    let baselineRss = 0;
    const sampler = setInterval(() => (baselineRss = Math.max(baselineRss, readProc(baseline.pid!)?.rssBytes ?? 0)), 1000);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    clearInterval(sampler);
    const usage = helper.endPhase();
    const baselineEnd = readProc(baseline.pid!)!;
    return {
      name: `the helper idle with ${plans} plans (a watched .prproj, a cron plan, ${folders} watched folders) over ${files.toLocaleString('en')} files`,
      seconds,
      ours: { cpuSeconds: usage.cpuSeconds, rssBytes: usage.maxSampledRssBytes, peakRssBytes: usage.peakRssBytes },
      baselineName: `\`node -e "${BASELINE}"\`, the same ${seconds} s`,
      baseline: { cpuSeconds: baselineEnd.cpuSeconds - baselineStart.cpuSeconds, rssBytes: Math.max(baselineRss, baselineEnd.rssBytes) },
      maxCoreShare: 0.01,
      maxRssBytes: 150e6,
    };
  } finally {
    baseline.kill();
    await helper.stop();
    removeAll(home, media, dest, path.dirname(project));
  }
}

/** Waits until the process's CPU over WARM_WINDOW_MS is under WARM_SHARE of a core. */
async function warm(pid: number): Promise<void> {
  const end = Date.now() + WARM_LIMIT_MS;
  let last = readProc(pid)!;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, WARM_WINDOW_MS));
    const now = readProc(pid);
    if (!now) throw new Error('the helper stopped while its watches were set up');
    if ((now.cpuSeconds - last.cpuSeconds) / (WARM_WINDOW_MS / 1000) < WARM_SHARE) return;
    if (Date.now() > end) throw new Error(`the helper was still busy ${WARM_LIMIT_MS / 1000} s after it started`);
    last = now;
  }
}
