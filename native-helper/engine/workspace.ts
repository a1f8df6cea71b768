import { Catalog } from '../catalog/catalog';
import { catalogPath, loadConfig, type ThreefoldConfig } from '../config/config';
import { resolveHome } from '../config/home';

/** A Threefold home opened for work: its configuration and its catalog. */
export interface Workspace {
  home: string;
  config: ThreefoldConfig;
  catalog: Catalog;
}

export async function openWorkspace(homeOption?: string): Promise<Workspace> {
  const home = resolveHome(homeOption);
  const config = await loadConfig(home);
  return { home, config, catalog: Catalog.open(catalogPath(home)) };
}
