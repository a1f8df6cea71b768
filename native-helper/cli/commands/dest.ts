import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, MEDIA_PATTERN, NAME_PATTERN, saveConfig, type DestinationConfig } from '../../config/config';
import { resolveHome } from '../../config/home';
import { describeFsError, UserError } from '../../errors';
import { displayPath } from '../render/displayPath';
import type { GlobalOptions } from './options';

export function registerDest(program: Command, globals: () => GlobalOptions): void {
  const dest = program.command('dest').description('manage destinations: the mirrors copies go to');

  dest
    .command('add')
    .description('add a local folder (external disk, RAID, NAS mount) as a destination')
    .argument('<name>', 'a short name: raid, shuttle, nas-2')
    .argument('<path>', 'an existing, writable folder')
    .requiredOption('--media <label>', 'the kind of medium: ssd, hdd, raid, nas, lto, optical, …')
    .option('--offsite', 'this folder is kept at another site', false)
    .action(async (name: string, folder: string, options: { media: string; offsite: boolean }) => {
      const home = resolveHome(globals().home);
      const config = await loadConfig(home);
      if (!NAME_PATTERN.test(name)) throw new UserError(`"${name}" is not a valid name: use letters, digits, ".", "_" or "-"`);
      if (!MEDIA_PATTERN.test(options.media)) {
        throw new UserError(`"${options.media}" is not a valid media label: lowercase letters, digits or "-" (ssd, hdd, raid, nas, …)`);
      }
      if (config.destinations.some((d) => d.name === name)) throw new UserError(`a destination named "${name}" exists already`);
      const root = await writableFolder(folder);
      const clash = config.destinations.find((d) => isInside(root, d.path) || isInside(d.path, root));
      if (clash) throw new UserError(`${root} overlaps destination "${clash.name}" (${clash.path}): destinations must be separate folders`);

      const added: DestinationConfig = { name, kind: 'local', path: root, media: options.media, offsite: options.offsite };
      await saveConfig(home, { ...config, destinations: [...config.destinations, added] });
      process.stdout.write(`Added destination "${name}": ${displayPath(root)} (media ${added.media}${added.offsite ? ', offsite' : ''}).\n`);
    });

  dest
    .command('list')
    .description('list destinations and whether each is reachable now')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = await loadConfig(resolveHome(globals().home));
      const rows = await Promise.all(
        config.destinations.map(async (d) => ({ ...d, reachable: await fs.stat(d.path).then((s) => s.isDirectory(), () => false) })),
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('No destinations yet. Add one: threefold dest add NAME PATH --media LABEL\n');
        return;
      }
      for (const d of rows) {
        const where = d.reachable ? '' : '  (not reachable now)';
        process.stdout.write(`${d.name}\t${d.media}${d.offsite ? ', offsite' : ''}\t${displayPath(d.path)}${where}\n`);
      }
    });

  dest
    .command('remove')
    .description('stop using a destination (its files are left untouched)')
    .argument('<name>')
    .action(async (name: string) => {
      const home = resolveHome(globals().home);
      const config = await loadConfig(home);
      const removed = config.destinations.find((d) => d.name === name);
      if (!removed) throw new UserError(`no destination is named "${name}"`);
      await saveConfig(home, { ...config, destinations: config.destinations.filter((d) => d !== removed) });
      process.stdout.write(
        `Removed destination "${name}". Its copies no longer count toward 3-2-1; the files in ${displayPath(removed.path)} were not touched.\n`,
      );
    });
}

async function writableFolder(folder: string): Promise<string> {
  let root: string;
  try {
    root = await fs.realpath(path.resolve(folder));
  } catch (error) {
    throw new UserError(`${displayPath(folder)} cannot be used: ${describeFsError(error)}`);
  }
  const st = await fs.stat(root);
  if (!st.isDirectory()) throw new UserError(`${displayPath(root)} is not a folder`);
  const probe = path.join(root, `.threefold-probe-${process.pid}`);
  try {
    await fs.writeFile(probe, 'threefold');
    await fs.rm(probe);
  } catch (error) {
    throw new UserError(`${displayPath(root)} is not writable: ${describeFsError(error)}`);
  }
  return root;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
