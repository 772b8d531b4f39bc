// A lock file beside the embedded database so that only one process writes it at a time.
import fs from 'node:fs';
import path from 'node:path';

export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The database in ${dir} is locked: process ${pid} is using it. ` +
        'Stop that process (or point this one at another directory) and try again.',
    );
    this.name = 'DatabaseLockedError';
  }
}

/** Whether process `pid` is running (one of another user's counts as running). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dir` or throws DatabaseLockedError; returns the function that frees it. */
export function acquireDirectoryLock(dir: string): () => void {
  const file = path.join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        fs.rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      // A failed write (a full disk) names no file: this one is the lock.
      if (failure.code !== 'EEXIST') throw Object.assign(failure, { path: failure.path ?? file });
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new DatabaseLockedError(dir, pid);
      }
      // Left behind by a process that died: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock file ${file}`);
}
