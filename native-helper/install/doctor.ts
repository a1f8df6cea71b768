import fs from 'node:fs';
import path from 'node:path';
import {
  type CatalogFacts,
  catalogLine,
  clientKind,
  clientLine,
  configLine,
  type DoctorLine,
  type DoctorReport,
  destinationLine,
  destinationUncheckedLine,
  doctorReport,
  helperLine,
  noDestinationsLine,
  runtimeLine,
  servicePort,
} from '../../src/doctor/doctorChecks';
import { DEFAULT_HELPER_PORT, PROTOCOL_VERSION } from '../../src/protocol/constants';
import { Catalog } from '../catalog/catalog';
import { describeCatalogFailure } from '../catalog/catalogFailure';
import { catalogPath, configPath, destinationWhere, loadConfig, type ThreefoldConfig } from '../config/config';
import { backendOf } from '../destinations/backends';
import { destinationStates } from '../engine/destinationStates';
import { testConfiguredDestination } from '../engine/manageDestinations';
import { TOOL_VERSION } from '../version';
import { askHelper } from './helperProbe';
import { loginServiceFor } from './loginServiceFor';
import { packagedLightroomVersion, packagedPanelVersion } from './packagedVersions';

/** A destination that has not answered the probe in this time is reported as not working. */
const PROBE_TIMEOUT_MS = 30_000;

export interface DoctorOptions {
  home: string;
  /** `--home` as given: the login service is looked up as `helper install` would write it. */
  homeOption: string | undefined;
  /** `--port`; else the port the installed login service starts the helper on, else the default. */
  port: number | undefined;
}

/** `threefold doctor`: one line per part of the installation, each ok, warn or fail with the next step. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const lines: DoctorLine[] = [runtimeLine({ nodeVersion: process.version, platform: process.platform, arch: process.arch })];
  const serviceFile = installedServiceFile(options.homeOption);
  const port = options.port ?? (serviceFile ? servicePort(fs.readFileSync(serviceFile, 'utf8')) : null) ?? DEFAULT_HELPER_PORT;
  lines.push(
    helperLine({
      port,
      answer: await askHelper(port, 'threefold doctor'),
      serviceFile,
      toolVersion: TOOL_VERSION,
      protocol: PROTOCOL_VERSION,
      logFile: path.join(options.home, 'logs', 'helper.log'),
    }),
  );
  const opened = openCatalog(catalogPath(options.home));
  lines.push(catalogLine(opened.facts));
  let { catalog } = opened;
  try {
    const config = await loadConfig(options.home).catch((error: Error) => error);
    if (config instanceof Error) lines.push(configLine({ file: configPath(options.home), error: config.message, destinations: 0 }));
    else {
      lines.push(configLine({ file: configPath(options.home), destinations: config.destinations.length }));
      // Probing records what it finds: a home with destinations and no catalog yet gets one.
      if (!opened.facts.exists && config.destinations.length > 0) catalog = Catalog.open(catalogPath(options.home));
      lines.push(...(await destinationLines(options.home, config, catalog)));
    }
    lines.push(...clientLines(catalog));
  } finally {
    catalog?.close();
  }
  return doctorReport(lines);
}

/** The login service's file, when it is installed (where it goes does not depend on the port). */
function installedServiceFile(homeOption: string | undefined): string | null {
  try {
    const { file } = loginServiceFor(homeOption, DEFAULT_HELPER_PORT);
    return fs.existsSync(file) ? file : null;
  } catch {
    // A platform without a supported service manager has no service to find.
    return null;
  }
}

/** The catalog opened (a missing one is not made here), and what it says of itself. */
function openCatalog(file: string): { facts: CatalogFacts; catalog?: Catalog } {
  if (!fs.existsSync(file)) return { facts: { file, exists: false } };
  let catalog: Catalog;
  try {
    catalog = Catalog.open(file);
  } catch (error) {
    return { facts: { file, exists: true, error: describeCatalogFailure(error, file) ?? (error as Error).message } };
  }
  try {
    return { facts: { file, exists: true, ...catalog.health.check() }, catalog };
  } catch (error) {
    catalog.close();
    return { facts: { file, exists: true, error: describeCatalogFailure(error, file) ?? `cannot read ${file}: ${(error as Error).message}` } };
  }
}

/** Each destination as `dest list` sees it (there now, free space), then probed as `dest test` does. */
async function destinationLines(home: string, config: ThreefoldConfig, catalog: Catalog | undefined): Promise<DoctorLine[]> {
  if (config.destinations.length === 0) return [noDestinationsLine()];
  if (catalog === undefined) return config.destinations.map((d) => destinationUncheckedLine(d.name, 'the catalog cannot be opened'));
  const ws = { home, config, catalog };
  const states = await destinationStates(config, catalog);
  return Promise.all(
    config.destinations.map(async (d, i) => {
      const state = states[i]!;
      const base = { name: d.name, where: destinationWhere(d), note: backendOf(d).listNote(d), freeBytes: state.freeBytes ?? null };
      if (state.connected === false) return destinationLine({ ...base, connected: false });
      const probe = await withTimeout(
        testConfiguredDestination(ws, d.name).then(({ verdict }) => verdict),
        PROBE_TIMEOUT_MS,
        `no answer within ${PROBE_TIMEOUT_MS / 1000} s`,
      );
      return destinationLine({ ...base, connected: true, probe });
    }),
  );
}

function clientLines(catalog: Catalog | undefined): DoctorLine[] {
  const paired = catalog?.pairing.clients() ?? [];
  const panel = packagedPanelVersion();
  const lightroom = packagedLightroomVersion();
  return [
    clientLine({ subject: 'panel', packagedVersion: panel.version, packagedFrom: panel.from, paired: paired.filter((c) => clientKind(c.client) === 'panel') }),
    clientLine({
      subject: 'Lightroom plug-in',
      packagedVersion: lightroom.version,
      packagedFrom: lightroom.from,
      paired: paired.filter((c) => clientKind(c.client) === 'lightroom'),
    }),
  ];
}

function withTimeout<T extends { ok: boolean }>(work: Promise<T>, ms: number, reason: string): Promise<T | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ok: false; error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: reason }), ms);
  });
  return Promise.race([work.catch((error: Error) => ({ ok: false as const, error: error.message })), late]).finally(() => clearTimeout(timer));
}
