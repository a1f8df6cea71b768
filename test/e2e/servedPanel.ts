// The panel's browser build served by a real helper process, the way a user opens it: `threefold helper
// --panel <dir>` serves the folder at http://127.0.0.1:PORT/ and the page talks to that helper.
import fs from 'node:fs';
import path from 'node:path';
import { spawnHelper, type HelperProcess } from '../helpers/helperHarness';

const repo = path.resolve(__dirname, '../..');
export const BUILT_PANEL_WEB = path.join(repo, 'dist/panel-web');

export interface ServingHelper extends HelperProcess {
  url: string;
}

/**
 * A copy of dist/panel-web in `dir`, with `project` as its simulated-project.json (the SimulatedHost's
 * fixture project): each test serves its own project.
 */
export function panelWebCopy(dir: string, project: unknown): string {
  if (!fs.existsSync(path.join(BUILT_PANEL_WEB, 'index.html'))) {
    throw new Error(`${BUILT_PANEL_WEB}/index.html is missing: run \`npm run build\` (npm test does) before this test`);
  }
  fs.cpSync(BUILT_PANEL_WEB, dir, { recursive: true });
  writeSimulatedProject(dir, project);
  return dir;
}

/** Replaces the project the served page finds on its next load. */
export function writeSimulatedProject(panelDir: string, project: unknown): void {
  fs.writeFileSync(path.join(panelDir, 'simulated-project.json'), JSON.stringify(project, null, 2));
}

/**
 * `threefold helper --port <port> --panel <panelDir>` as its own process (port 0: a free one); resolves once it
 * listens. `env`, when given, is its whole environment.
 */
export async function spawnHelperServing(home: string, panelDir: string, port = 0, env?: NodeJS.ProcessEnv): Promise<ServingHelper> {
  const helper = await spawnHelper(home, { port, args: ['--panel', panelDir], ...(env ? { env } : {}) });
  return { ...helper, url: `http://127.0.0.1:${helper.port}/` };
}
