/**
 * Showing a file in the operating system's file manager: Finder (`open -R` selects it), Explorer
 * (`/select,` selects it), elsewhere the folder it is in (`xdg-open`). No shell: the path is one argument.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** Opens the file manager at `file`; resolves once the opener started, rejects when it cannot be started. */
export type RevealInFileManager = (file: string) => Promise<void>;

/** The command that shows `file`, on `platform`. */
export function fileManagerCommand(file: string, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: ['-R', file] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [`/select,${file}`] };
  return { command: 'xdg-open', args: [path.dirname(file)] };
}

export const revealInFileManager: RevealInFileManager = (file) =>
  new Promise((resolve, reject) => {
    const { command, args } = fileManagerCommand(file, process.platform);
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new Error(`${command} could not be started: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
