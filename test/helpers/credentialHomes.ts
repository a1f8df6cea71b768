import fs from 'node:fs';
import path from 'node:path';
import { uniqueBucket } from './s3Server';
import { makeTempDir } from './tempDir';

/** A test's own Threefold home and user HOME (both under `dir`) and a fresh bucket, where stored key pairs go. */
export interface CredentialHomes {
  dir: string;
  home: string;
  userHome: string;
  bucket: string;
}

/** Fresh homes and bucket for each test of the file, the folder removed after each: read its fields inside tests. */
export function useCredentialHomes(bucketLabel: string): CredentialHomes {
  const homes: CredentialHomes = { dir: '', home: '', userHome: '', bucket: '' };
  let cleanup = (): void => {};
  beforeEach(async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    homes.dir = temp.dir;
    homes.home = path.join(temp.dir, 'threefold');
    homes.userHome = path.join(temp.dir, 'user');
    fs.mkdirSync(homes.userHome);
    homes.bucket = await uniqueBucket(bucketLabel);
  });
  afterEach(() => cleanup());
  return homes;
}
