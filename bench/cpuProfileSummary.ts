import fs from 'node:fs';
import path from 'node:path';

/**
 * `node build/bench/cpuProfileSummary.js FILE.cpuprofile [TOP] [fn1,fn2,…]`: where a `node --cpu-prof`
 * profile's time went, by function (self time), by source file or package, and (with names) the total
 * time spent inside each named function, callees included; with BENCH_HELPER_CPU_PROF=DIR the helper bench
 * leaves one profile per helper process in DIR.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function main(): void {
  const [file, topArg, namesArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpuProfileSummary FILE.cpuprofile [TOP]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totalUs = profile.endTime - profile.startTime;

  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = where(url);
    const fn = `${functionName || '(anonymous)'} ${url ? `${place}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const idleUs = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((s, [, us]) => s + us, 0);
  const print = (title: string, map: Map<string, number>, limit = top): void => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      process.stdout.write(`${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${name}\n`);
    }
  };
  process.stdout.write(
    `${path.basename(file)}: ${(totalUs / 1e6).toFixed(1)} s profiled, ${((totalUs - idleUs) / 1e6).toFixed(1)} s busy on the main thread\n`,
  );
  print('self time by function', byFunction);
  print('self time by file or package', byPlace);
  if (namesArg) print('total time inside (callees included)', inclusive(profile, namesArg.split(',')), Infinity);
}

/** For each name, the samples with a frame of that function name anywhere on their stack. */
function inclusive(profile: Profile, names: readonly string[]): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map(names.map((n) => [n, 0]));
  profile.samples.forEach((id, i) => {
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(byId.get(at)!.callFrame.functionName);
    for (const name of names) if (onStack.has(name)) totals.set(name, totals.get(name)! + (profile.timeDeltas[i] ?? 0));
  });
  return totals;
}

/** node_modules/<package>, a project file relative to build/, or node's own. */
function where(url: string): string {
  if (!url) return '(native / V8)';
  const p = url.replace(/^file:\/\//, '');
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
  if (nm) return `node_modules/${nm[1]}`;
  const build = p.indexOf('/build/');
  if (build >= 0) return p.slice(build + '/build/'.length);
  return p;
}

main();
