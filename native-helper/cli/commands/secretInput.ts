import type { Command } from 'commander';
import type { AccessKeyPair } from '../../../src/providers/awsCredentialsProfile';
import { UserError } from '../../errors';

/** How a secret access key reaches the CLI: never as an argument, which any user of the machine can read in the process list. */
export interface KeyPairOptions {
  accessKeyId?: string;
  secretStdin?: boolean;
  secretFromEnv?: string;
}

export function keyPairOptions(command: Command): Command {
  return command
    .option('--access-key-id <id>', 'S3: an access key id to store (keychain, else ~/.aws/credentials); the secret is asked for, never an argument')
    .option('--secret-stdin', 'with --access-key-id: read the secret access key from standard input')
    .option('--secret-from-env <var>', 'with --access-key-id: read the secret access key from this environment variable');
}

/** The pair the options give, or undefined when none is given (the AWS chain is used). */
export async function readKeyPair(options: KeyPairOptions): Promise<AccessKeyPair | undefined> {
  const { accessKeyId, secretStdin, secretFromEnv } = options;
  if (accessKeyId === undefined) {
    if (secretStdin || secretFromEnv !== undefined) throw new UserError('--secret-stdin and --secret-from-env go with --access-key-id');
    return undefined;
  }
  if (secretStdin && secretFromEnv !== undefined) throw new UserError('give the secret one way: --secret-stdin or --secret-from-env, not both');
  const secretAccessKey = secretStdin ? await readStdin() : secretFromEnv !== undefined ? fromEnv(secretFromEnv) : await askMasked('Secret access key: ');
  if (accessKeyId.trim() === '' || secretAccessKey === '') throw new UserError('the access key id and the secret access key cannot be empty');
  return { accessKeyId: accessKeyId.trim(), secretAccessKey };
}

/** An encrypted destination's recovery phrase: from standard input, or asked for (masked) on the terminal. */
export async function readRecoveryPhrase(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY) throw new UserError('no terminal to ask the recovery phrase on: give it with --recovery-phrase-stdin');
  return askMasked('Recovery phrase: ');
}

function fromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new UserError(`the environment variable ${name} is not set`);
  return value.trim();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Reads a line from the terminal without echoing it (a "*" per character). */
function askMasked(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new UserError('no terminal to ask the secret on: give it with --secret-stdin or --secret-from-env VAR');
  // Raw before the prompt shows: keys typed as soon as it appears are never echoed by the terminal.
  input.setRawMode(true);
  process.stderr.write(prompt);
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed.trim());
    };
    const onData = (text: string) => {
      for (const char of text) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new UserError('cancelled'));
        if (char === '\u007f' || char === '\b') {
          if (typed.length > 0) process.stderr.write('\b \b');
          typed = typed.slice(0, -1);
        } else {
          typed += char;
          process.stderr.write('*');
        }
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
