/**
 * `threefold doctor`'s verdicts: each fact the doctor gathered about this machine becomes one line,
 * ok, warn or fail, with the plain next step when it is not ok. No I/O here: the facts come in.
 */
import { formatBytes } from '../format/formatBytes';

export type DoctorLevel = 'ok' | 'warn' | 'fail';

export interface DoctorLine {
  /** What the line is about: `runtime`, `helper`, `catalog`, `destination raid`, `panel`… */
  subject: string;
  level: DoctorLevel;
  /** What was found, in a sentence. */
  found: string;
  /** What to do about it; absent when the line is ok. */
  next?: string;
}

export interface DoctorReport {
  level: DoctorLevel;
  lines: DoctorLine[];
}

/** The oldest Node major the helper runs on (package.json `engines`): the catalog is node:sqlite, which Node 24 has. */
export const MIN_NODE_MAJOR = 24;
/** A destination with less free space than this is a warning: a day's shoot may not fit. */
export const LOW_FREE_BYTES = 10 * 1000 ** 3;

const LEVEL_ORDER: readonly DoctorLevel[] = ['ok', 'warn', 'fail'];

/** The worst level of the lines: the report's, and the exit code's (1 only for a fail). */
export function doctorReport(lines: DoctorLine[]): DoctorReport {
  const level = lines.reduce<DoctorLevel>((worst, l) => (LEVEL_ORDER.indexOf(l.level) > LEVEL_ORDER.indexOf(worst) ? l.level : worst), 'ok');
  return { level, lines };
}

export function runtimeLine(facts: { nodeVersion: string; platform: string; arch: string }): DoctorLine {
  const major = Number(/^v?(\d+)\./.exec(facts.nodeVersion)?.[1]);
  const found = `Node ${facts.nodeVersion} on ${facts.platform} ${facts.arch}`;
  if (!Number.isInteger(major) || major < MIN_NODE_MAJOR) {
    return {
      subject: 'runtime',
      level: 'fail',
      found: `${found}: Threefold needs Node ${MIN_NODE_MAJOR} or newer`,
      next: 'install the current Node LTS, or use the threefold executable from the downloads',
    };
  }
  return { subject: 'runtime', level: 'ok', found };
}

/** What answered on the helper's port: a Threefold helper (its version), nothing, or something else. */
export type HelperAnswer =
  /** `protocol` null: it refused this Threefold's protocol version, so it did not say its own. */
  { kind: 'helper'; version: string | null; protocol: number | null } | { kind: 'nothing' } | { kind: 'other'; reason: string };

export interface HelperFacts {
  port: number;
  answer: HelperAnswer;
  /** The login service's file when it is installed. */
  serviceFile: string | null;
  toolVersion: string;
  protocol: number;
  logFile: string;
}

export function helperLine(facts: HelperFacts): DoctorLine {
  const where = `127.0.0.1:${facts.port}`;
  const service = facts.serviceFile ? `starts at login (${facts.serviceFile})` : 'not installed as a login service';
  const { answer } = facts;
  if (answer.kind === 'helper') {
    if (answer.protocol !== facts.protocol) {
      return {
        subject: 'helper',
        level: 'fail',
        found: `a helper of another version answers on ${where} and speaks ${answer.protocol === null ? 'another protocol' : `protocol ${answer.protocol}`}, this Threefold ${facts.protocol}; ${service}`,
        next: 'restart the helper from this Threefold: threefold setup',
      };
    }
    if (answer.version !== facts.toolVersion) {
      return {
        subject: 'helper',
        level: 'warn',
        found: `helper ${answer.version} answers on ${where}, this Threefold is ${facts.toolVersion}; ${service}`,
        next: 'restart the helper so that it runs this version: threefold setup',
      };
    }
    if (!facts.serviceFile) {
      return {
        subject: 'helper',
        level: 'warn',
        found: `helper ${answer.version} answers on ${where}; ${service}`,
        next: 'to have it start at every login: threefold setup',
      };
    }
    return { subject: 'helper', level: 'ok', found: `helper ${answer.version} answers on ${where}; ${service}` };
  }
  if (answer.kind === 'other') {
    return {
      subject: 'helper',
      level: 'fail',
      found: `something that is not a Threefold helper holds ${where} (${answer.reason})`,
      next:
        'stop that program, or move the helper to another port: threefold setup --port N, then give the panel (its settings) ' +
        'and the Lightroom plug-in (Plug-in Manager, Helper port) that port',
    };
  }
  if (facts.serviceFile) {
    return {
      subject: 'helper',
      level: 'fail',
      found: `no helper answers on ${where}, though it ${service}`,
      next: `read ${facts.logFile} for why it stopped, then start it again: threefold setup`,
    };
  }
  return {
    subject: 'helper',
    level: 'warn',
    found: `no helper answers on ${where}; ${service} (the panel and the Lightroom plug-in need it; the command line does not)`,
    next: 'start it now and at every login: threefold setup',
  };
}

/** What the doctor read of the catalog; `error` when it could not be opened at all. */
export type CatalogFacts =
  | { file: string; exists: false }
  | { file: string; exists: true; error: string }
  | {
      file: string;
      exists: true;
      quickCheck: string[];
      /** A catalog of a newer schema cannot be opened: `error` says so. */
      schemaVersion: number;
      counts: { assets: number; copies: number; verifiedCopies: number; jobs: number };
    };

export function catalogLine(facts: CatalogFacts): DoctorLine {
  if (!facts.exists) return { subject: 'catalog', level: 'ok', found: `none yet at ${facts.file}: the first protect makes it` };
  if ('error' in facts)
    return {
      subject: 'catalog',
      level: 'fail',
      found: facts.error,
      next: 'do what the line says, then run threefold doctor again; the copies on your destinations are untouched',
    };
  const problems = facts.quickCheck.filter((row) => row !== 'ok');
  if (problems.length > 0) {
    return {
      subject: 'catalog',
      level: 'fail',
      found: `${facts.file} is damaged: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
      next: `move it aside (mv "${facts.file}" "${facts.file}.damaged"), then recover the index from a destination: threefold catalog rebuild`,
    };
  }
  const { counts } = facts;
  return {
    subject: 'catalog',
    level: 'ok',
    found: `${facts.file}: intact (quick_check), schema ${facts.schemaVersion}; ${counts.assets} files, ${counts.copies} copies (${counts.verifiedCopies} verified), ${counts.jobs} jobs`,
  };
}

export interface DestinationFacts {
  name: string;
  where: string;
  /** A local folder that is not there now (an unplugged disk): not asked further. */
  connected: boolean;
  /** The probe's verdict (write, read back, delete); absent when not connected. */
  probe?: { ok: true } | { ok: false; error: string };
  freeBytes: number | null;
  /** What `dest list` says after the place: an endpoint, and where the keys are (never the keys); empty for a folder. */
  note: string;
}

export function destinationLine(facts: DestinationFacts): DoctorLine {
  const subject = `destination ${facts.name}`;
  const where = `${facts.where}${facts.note}`;
  if (!facts.connected) {
    return {
      subject,
      level: 'warn',
      found: `${where} is not there now (a disk not plugged in, a share not mounted)`,
      next: `connect it, then check it: threefold dest test ${facts.name}`,
    };
  }
  if (facts.probe && !facts.probe.ok) {
    return {
      subject,
      level: 'fail',
      found: `${where} does not work: ${facts.probe.error}`,
      next: `fix what the message says, then: threefold dest test ${facts.name}`,
    };
  }
  const space = facts.freeBytes === null ? 'free space not reported' : `${formatBytes(facts.freeBytes)} free`;
  if (facts.freeBytes !== null && facts.freeBytes < LOW_FREE_BYTES) {
    return {
      subject,
      level: 'warn',
      found: `${where} writes, reads back and deletes; only ${space}`,
      next: 'free some space or add another destination before the next shoot',
    };
  }
  return { subject, level: 'ok', found: `${where} writes, reads back and deletes; ${space}` };
}

export function configLine(facts: { file: string; error?: string; destinations: number }): DoctorLine {
  if (facts.error !== undefined)
    return { subject: 'config', level: 'fail', found: facts.error, next: `correct ${facts.file} (a text editor will do), then run threefold doctor again` };
  return { subject: 'config', level: 'ok', found: `${facts.file}: ${facts.destinations} destination${facts.destinations === 1 ? '' : 's'}` };
}

/** A destination the doctor could not look at (no catalog to record what it finds). */
export function destinationUncheckedLine(name: string, reason: string): DoctorLine {
  return { subject: `destination ${name}`, level: 'warn', found: `not checked: ${reason}`, next: 'fix the lines above, then run threefold doctor again' };
}

export function noDestinationsLine(): DoctorLine {
  return {
    subject: 'destinations',
    level: 'warn',
    found: 'none configured: nothing can be protected yet',
    next: 'add one: threefold dest add NAME PATH --media LABEL',
  };
}

export interface ClientFacts {
  /** `panel` or `Lightroom plug-in`. */
  subject: string;
  /** The version this Threefold ships (its manifest or Info.lua), when the helper can read it. */
  packagedVersion: string | null;
  packagedFrom: string;
  /** Paired clients of this kind, by the name they gave, and when each last made a request. */
  paired: { client: string; lastUsedAt: string | null }[];
}

export function clientLine(facts: ClientFacts): DoctorLine {
  const shipped =
    facts.packagedVersion === null
      ? `version unknown (${facts.packagedFrom} not found)`
      : `${facts.packagedVersion} ships with this Threefold (${facts.packagedFrom})`;
  if (facts.paired.length === 0) {
    return {
      subject: facts.subject,
      level: 'warn',
      found: `${shipped}; none paired with this helper`,
      next: 'install it from the downloads, then pair it with the code threefold setup shows',
    };
  }
  const seen = facts.paired.map((p) => `"${p.client}" ${p.lastUsedAt ? `last seen ${p.lastUsedAt}` : 'paired, not seen since'}`).join(', ');
  return { subject: facts.subject, level: 'ok', found: `${shipped}; paired: ${seen} (clients do not report their version)` };
}

/** `VERSION = { major = 0, minor = 1, revision = 0, build = 1 }` of a plug-in's Info.lua, as `0.1.0`; null without one. */
export function luaPluginVersion(infoLua: string): string | null {
  const table = /\bVERSION\s*=\s*\{([^}]*)\}/.exec(infoLua)?.[1];
  if (table === undefined) return null;
  const field = (name: string): string | undefined => new RegExp(`\\b${name}\\s*=\\s*(\\d+)`).exec(table)?.[1];
  const [major, minor, revision] = [field('major'), field('minor'), field('revision')];
  return major === undefined ? null : `${major}.${minor ?? 0}.${revision ?? 0}`;
}

/** Which client a paired name is: the panel says `Threefold panel (…)`, the plug-in `Lightroom Classic`. */
export function clientKind(name: string): 'panel' | 'lightroom' | 'other' {
  if (/^Threefold panel\b/.test(name)) return 'panel';
  if (/^Lightroom\b/.test(name)) return 'lightroom';
  return 'other';
}

/** The port a login service file starts the helper on: `"--port" "8123"` (systemd), `<string>--port</string>` then the number (launchd), `--port 8123` (Task Scheduler). */
export function servicePort(serviceFile: string): number | null {
  const port = Number(/--port(?:<\/?string>|[\s"])+(\d{1,5})\b/.exec(serviceFile)?.[1]);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}
