// Data only its owner can read or write. The embedded database holds embargoed figures before
// their release, and its files are the store itself: another local user must be able neither
// to read them early nor to change them unseen.
import fs from 'node:fs';
import path from 'node:path';

/** The umask under which every file the process creates is its owner's alone (0600, 0700). */
export const OWNER_ONLY_UMASK = 0o077;

/**
 * Takes every group and other permission off `dir` and everything under it (folders become
 * 0700 and files 0600 as the owner had them), and returns the paths that had any. Links are
 * left alone: chmod would change what they point to.
 */
export function restrictToOwner(dir: string): string[] {
  const loosened: string[] = [];
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (stats.isSymbolicLink()) continue;
    if (stats.mode & 0o077) {
      fs.chmodSync(next, stats.mode & 0o700);
      loosened.push(next);
    }
    if (stats.isDirectory()) {
      for (const name of fs.readdirSync(next)) pending.push(path.join(next, name));
    }
  }
  return loosened;
}
