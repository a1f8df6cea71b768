import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * One hash of everything under `folder`, links not followed: each entry's name, kind, mode, owner, size,
 * mtime and content (or link target). Equal before and after means nothing there was created or changed.
 */
export function treeDigest(folder: string): string {
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const st = fs.lstatSync(full);
      hash.update(`${path.relative(folder, full)}\0${st.mode}\0${st.uid}:${st.gid}\0${st.size}\0${st.mtimeMs}\0`);
      if (st.isSymbolicLink()) hash.update(fs.readlinkSync(full));
      else if (st.isFile()) hash.update(fs.readFileSync(full));
      else if (st.isDirectory()) visit(full);
    }
  };
  visit(folder);
  return hash.digest('hex');
}
