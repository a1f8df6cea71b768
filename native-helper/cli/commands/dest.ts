import type { Command } from 'commander';
import { destinationWhere, loadConfig, selectDestinations } from '../../config/config';
import { addDestination, giveEncryptionKey, removeDestination, testConfiguredDestination, type DestinationSpec } from '../../engine/manageDestinations';
import { backendOf, listNoteOf } from '../../destinations/backends';
import { openDestination } from '../../destinations/openDestinations';
import { CHUNK_SIZE } from '../../engine/copyRun';
import { otherHomesOn } from '../../engine/rebuildCatalog';
import { openWorkspace } from '../../engine/workspace';
import { BufferPool } from '../../fsutil/bufferPool';
import { resolveHome } from '../../config/home';
import { UserError } from '../../errors';
import { displayPath } from '../render/displayPath';
import type { GlobalOptions } from './options';
import { type KeyPairOptions, keyPairOptions, readKeyPair, readRecoveryPhrase } from './secretInput';
import { rotateCredentials } from '../../engine/rotateCredentials';
import { S3_PROVIDERS } from '../../../src/providers/s3Providers';
import { isArchiveClass } from '../../../src/providers/storageClasses';

/** A new encryption key's recovery phrase, shown once, with what losing it means. */
function recoveryPhraseNotice(name: string, phrase: string): string {
  return [
    `The copies on "${name}" are encrypted. Their recovery phrase, shown this once:`,
    '',
    `    ${phrase}`,
    '',
    'Write it down and keep it away from this computer. Without it the copies cannot be read on a new machine',
    '(or once this keychain is lost): `threefold dest add` asks for it there. It is also an age identity:',
    'saved in a file, `age -d -i FILE OBJECT` decrypts any object of the bucket without Threefold.',
    '',
  ].join('\n');
}

export function registerDest(program: Command, globals: () => GlobalOptions): void {
  const dest = program.command('dest').description('manage destinations: the mirrors copies go to');

  keyPairOptions(
    dest
      .command('add')
      .description('add a local folder (external disk, RAID, NAS mount) or an S3 bucket as a destination')
      .argument('<name>', 'a short name: raid, shuttle, b2')
      .argument('<where>', 'an existing, writable folder, or s3://bucket/prefix')
      .option('--media <label>', 'the kind of medium: ssd, hdd, raid, nas, lto, optical, cloud (required for a folder; cloud for S3)')
      .option('--offsite', 'this folder is kept at another site (a cloud bucket always counts as offsite unless --onsite)', false)
      .option('--onsite', 'S3: the store is on site (a MinIO in the same building): not offsite', false)
      .option('--endpoint <url>', 'S3: the endpoint of an S3-compatible store (Backblaze B2, Wasabi, MinIO, …); AWS without it')
      .option('--provider <id>', `S3: the store's provider, which fills the endpoint and addressing style (${S3_PROVIDERS.map((p) => p.id).join(', ')})`)
      .option('--region <region>', "S3: the region (default: the provider's, else us-east-1)")
      .option('--profile <name>', 'S3: a profile of the shared AWS credentials and config files (credentials never go in config.json)')
      .option('--path-style', "S3: path-style requests (most self-hosted stores need them; default: the provider's)")
      .option('--sse <algorithm>', 'S3: server-side encryption asked for on every object: AES256 (keys kept by the store) or aws:kms')
      .option('--kms-key-id <id>', "S3, with --sse aws:kms: the KMS key id, ARN or alias (default: the store's key for S3)")
      .option('--storage-class <class>', "S3: the storage class of the copies: STANDARD_IA, GLACIER_IR, DEEP_ARCHIVE… (the provider's list is checked)")
      .option('--encrypt', 'S3: encrypt every file before it leaves this machine (age format); a recovery phrase is shown once')
      .option('--encrypt-names', 'with --encrypt: encrypt file and folder names too, so the bucket listing shows none')
      .option('--recovery-phrase-stdin', 'with --encrypt, for a bucket encrypted before (a new machine): read its recovery phrase from standard input'),
  ).action(
    async (name: string, where: string, options: Omit<DestinationSpec, 'name' | 'where' | 'keys'> & KeyPairOptions & { recoveryPhraseStdin?: boolean }) => {
      const { accessKeyId: _id, secretStdin: _stdin, secretFromEnv: _env, recoveryPhraseStdin, ...spec } = options;
      if (spec.encryptNames && !spec.encrypt) throw new UserError('--encrypt-names goes with --encrypt');
      if (recoveryPhraseStdin && options.secretStdin) throw new UserError('standard input can carry the secret key or the recovery phrase, not both');
      const keys = await readKeyPair(options);
      const added = await addDestination(
        resolveHome(globals().home),
        { name, where, ...spec, ...(keys ? { keys } : {}) },
        {
          recoveryPhrase: () => readRecoveryPhrase(recoveryPhraseStdin === true),
          newRecoveryPhrase: (phrase) => process.stdout.write(recoveryPhraseNotice(name, phrase)),
        },
      );
      process.stdout.write(`Added destination "${name}": ${displayPath(destinationWhere(added))} (media ${added.media}${added.offsite ? ', offsite' : ''}).\n`);
      const storageClass = 'storageClass' in added ? added.storageClass : undefined;
      if (isArchiveClass(storageClass)) {
        process.stdout.write(
          `Its copies in ${storageClass} must be restored from the archive (hours) before they can be read: a restore asks for that and says when.\n`,
        );
      }
      const ws = await openWorkspace(globals().home);
      try {
        const others = await otherHomesOn(ws, name);
        if (others.length > 0) {
          const who = others.map((h) => (h.host ? `${h.id} (on ${h.host})` : h.id)).join(', ');
          process.stdout.write(
            `It holds the Threefold records of ${others.length === 1 ? 'another home' : `${others.length} other homes`}: ${who}. A new machine learns the copies with \`threefold catalog rebuild --from ${name}\`.\n`,
          );
        }
      } finally {
        ws.catalog.close();
      }
    },
  );

  dest
    .command('test')
    .description('check that a destination works: reachable, credentials, write, read back and delete a probe')
    .argument('<name>')
    .action(async (name: string) => {
      const ws = await openWorkspace(globals().home);
      try {
        const { config, verdict } = await testConfiguredDestination(ws, name);
        if (verdict.ok) process.stdout.write(`${name}: OK (${displayPath(destinationWhere(config))}): writes, reads back and deletes.\n`);
        else process.stdout.write(`${name}: NOT USABLE: ${verdict.error}\n`);
        process.exitCode = verdict.ok ? 0 : 1;
      } finally {
        ws.catalog.close();
      }
    });

  dest
    .command('clean')
    .description('abort unfinished multipart uploads older than some days on an S3 destination (they cost storage)')
    .argument('<name>')
    .option('--older-than <days>', 'only uploads started this many days ago or more (0: all of them)', '7')
    .action(async (name: string, options: { olderThan: string }) => {
      const days = Number(options.olderThan);
      if (!Number.isFinite(days) || days < 0) throw new UserError(`--older-than must be a number of days (got ${options.olderThan})`);
      const ws = await openWorkspace(globals().home);
      try {
        const [config] = selectDestinations(ws.config.destinations, [name]);
        const destination = openDestination(config!, new BufferPool(CHUNK_SIZE, 1), ws.catalog);
        if (!destination.capabilities.unfinishedUploads || destination.abortOrphanedUploads === undefined) {
          destination.close();
          process.stdout.write(`${name} keeps no unfinished uploads: nothing to clean (unfinished copies never reach a final name).\n`);
          return;
        }
        const aborted = await destination.abortOrphanedUploads(days).finally(() => destination.close());
        process.stdout.write(`${name}: aborted ${aborted.length} unfinished upload${aborted.length === 1 ? '' : 's'} older than ${days} days.\n`);
        for (const upload of aborted) process.stdout.write(`  ${displayPath(upload.key)}\n`);
      } finally {
        ws.catalog.close();
      }
    });

  dest
    .command('list')
    .description('list destinations and whether each is reachable now')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = await loadConfig(resolveHome(globals().home));
      const rows = await Promise.all(config.destinations.map(async (d) => ({ ...d, reachable: await backendOf(d).reachableNow(d) })));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('No destinations yet. Add one: threefold dest add NAME PATH --media LABEL\n');
        return;
      }
      for (const d of rows) {
        const where = d.reachable === false ? '  (not reachable now)' : '';
        const note = listNoteOf(d);
        process.stdout.write(`${d.name}\t${d.media}${d.offsite ? ', offsite' : ''}\t${displayPath(destinationWhere(d))}${note}${where}\n`);
      }
    });

  keyPairOptions(
    dest
      .command('credentials')
      .description('give an S3 destination a new key pair (rotation): checked against the bucket, then stored in place of the old one')
      .argument('<name>'),
  ).action(async (name: string, options: KeyPairOptions) => {
    if (options.accessKeyId === undefined)
      throw new UserError('give the new keys: --access-key-id ID, and the secret asked for or from --secret-stdin or --secret-from-env');
    const keys = (await readKeyPair(options))!;
    const { rotated, left } = await rotateCredentials(resolveHome(globals().home), name, keys);
    process.stdout.write(`New keys for "${name}" checked and stored: ${displayPath(destinationWhere(rotated))}${backendOf(rotated).listNote(rotated)}.\n`);
    for (const what of left) process.stdout.write(`Not removed: ${what}.\n`);
  });

  dest
    .command('key')
    .description("an encrypted destination's key, given again from its recovery phrase (a lost keychain, a home moved to a new machine)")
    .argument('<name>')
    .option('--recovery-phrase-stdin', 'read the recovery phrase from standard input (else it is asked for, masked)')
    .action(async (name: string, options: { recoveryPhraseStdin?: boolean }) => {
      const phrase = await readRecoveryPhrase(options.recoveryPhraseStdin === true);
      await giveEncryptionKey(resolveHome(globals().home), name, phrase);
      process.stdout.write(`The key of "${name}" is checked and stored: its copies can be read again.\n`);
    });

  dest
    .command('remove')
    .description('stop using a destination (its files are left untouched)')
    .argument('<name>')
    .action(async (name: string) => {
      const { removed, left } = await removeDestination(resolveHome(globals().home), name);
      const forgotten = 'credentials' in removed && removed.credentials !== undefined && left.length === 0;
      process.stdout.write(
        `Removed destination "${name}". Its copies no longer count toward 3-2-1; the files in ${displayPath(destinationWhere(removed))} were not touched.${forgotten ? ' The keys Threefold stored for it were removed.' : ''}\n`,
      );
      for (const what of left) process.stdout.write(`Not removed: ${what}.\n`);
    });
}
