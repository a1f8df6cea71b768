import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../src/format/formatBytes';
import { writePremiereProject } from '../native-helper/demo/premiereProjectWriter';
import { measure, runRounds } from './measure';
import type { ScenarioResult } from './report';

/** A scan of a Premiere project whose media (empty files) are all present, against only decompressing it. */
export async function benchScan(root: string, mediaCount: number, runs: number, say: (line: string) => void): Promise<ScenarioResult> {
  say(`scan: writing ${mediaCount} media files and a project referencing them…`);
  const media = path.join(root, 'scan-media');
  const specs = [];
  for (let i = 0; i < mediaCount; i += 1) {
    const folder = path.join(media, `Day ${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `A${String(i).padStart(6, '0')}.mov`);
    fs.writeFileSync(file, '');
    specs.push({ actualMediaFilePath: file, title: `Clip ${i}` });
  }
  const project = await writePremiereProject(path.join(root, 'Big.prproj'), specs);
  say(`scan: project ${formatBytes(fs.statSync(project).size)} gzip; measuring…`);
  const child = (name: string): string => path.join(__dirname, `${name}.js`);
  const [ours, gunzip] = await runRounds(runs, [
    () => measure(process.execPath, [child('scanChild'), project]),
    () => measure(process.execPath, [child('gunzipChild'), project]),
  ]);
  fs.rmSync(media, { recursive: true, force: true });
  return {
    name: `scan a .prproj with ${mediaCount.toLocaleString('en')} media`,
    ours: ours!,
    maxSeconds: 10,
    baselines: [{ name: 'gunzip only (Node, same file)', runs: gunzip! }],
  };
}
