/**
 * Edits of the shared AWS credentials file (INI): one profile's section is added, replaced or removed,
 * and every other line is kept byte for byte.
 */
export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

const SECTION = /^\s*\[([^\]]*)\]\s*$/;

/** The lines of `text` without the section named `profile` (its header up to the next header). */
function linesWithout(text: string, profile: string): string[] {
  const kept: string[] = [];
  let inside = false;
  for (const line of text.split(/(?<=\n)/)) {
    const header = SECTION.exec(line.replace(/\r?\n$/, ''));
    if (header) inside = header[1]!.trim() === profile;
    if (!inside) kept.push(line);
  }
  return kept;
}

export function withoutProfile(text: string, profile: string): string {
  return linesWithout(text, profile).join('');
}

export function withProfile(text: string, profile: string, keys: AccessKeyPair): string {
  if (/[\r\n]/.test(keys.accessKeyId + keys.secretAccessKey)) throw new Error('an access key cannot span lines');
  const rest = withoutProfile(text, profile);
  const separator = rest === '' || rest.endsWith('\n') ? '' : '\n';
  return `${rest}${separator}[${profile}]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`;
}

export function hasProfile(text: string, profile: string): boolean {
  return text.split(/\r?\n/).some((line) => SECTION.exec(line)?.[1]?.trim() === profile);
}

/** The key pair a profile of the file holds, or undefined when it has no such profile or lacks a key. */
export function profileKeys(text: string, profile: string): AccessKeyPair | undefined {
  const values = new Map<string, string>();
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    const header = SECTION.exec(line);
    if (header) inside = header[1]!.trim() === profile;
    else if (inside) {
      const field = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (field) values.set(field[1]!, field[2]!);
    }
  }
  const accessKeyId = values.get('aws_access_key_id');
  const secretAccessKey = values.get('aws_secret_access_key');
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}
