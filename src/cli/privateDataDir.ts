// The data directory is its owner's alone. `init` and `serve` find one that others could read
// or write (made by an earlier version, copied with loose modes, or loosened by hand), say
// so, and close it: the embedded database holds figures under embargo.
import fs from 'node:fs';
import type { Config } from '../config.ts';
import { restrictToOwner } from '../platform/db/ownerOnly.ts';

/** Takes other users' access off the data directory, warning on stderr when there was any. */
export function keepDataDirPrivate(config: Config): void {
  if (!fs.existsSync(config.dataDir)) return;
  const loosened = restrictToOwner(config.dataDir);
  if (loosened.length === 0) return;
  const count = loosened.length === 1 ? '1 file or folder' : `${loosened.length} files and folders`;
  process.stderr.write(
    `northstar: warning: ${count} in ${config.dataDir} could be read or written by other users ` +
      `(${loosened[0]} among them); made them its owner's alone (folders 0700, files 0600).\n`,
  );
}
