// What the CLI says about a failure, from the shapes the system and the engine really throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { IO_ERROR_EXIT, toCliError, withPath } from './error.ts';
import { engineFailure } from '../platform/db/engineFailure.ts';

/** What the kernel answers a write to a full device: /dev/full is always full. */
function fullDeviceError(): NodeJS.ErrnoException {
  try {
    fs.writeFileSync('/dev/full', 'x');
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  throw new Error('/dev/full accepted a write');
}

test('a full disk says so, and where, with the I/O exit code', async () => {
  const sync = fullDeviceError();
  assert.equal(sync.code, 'ENOSPC');
  const failure = toCliError(withPath(sync, '/srv/site'));
  assert.equal(failure.exitCode, IO_ERROR_EXIT);
  assert.equal(
    failure.message,
    'No space left on device while writing /srv/site. Free some space and run it again.',
  );
  const promised = await fs.promises.writeFile('/dev/full', 'x').catch((error: unknown) => error);
  assert.match(toCliError(promised).message, /^No space left on device while writing\./);
  assert.doesNotMatch(toCliError(promised).message, /unexpected|\n\s+at /);
});

test('a path the system named is kept, and a copy names its destination', () => {
  const missing = (() => {
    try {
      return fs.readFileSync('/no/such/northstar/file');
    } catch (error) {
      return error;
    }
  })();
  assert.equal(
    toCliError(withPath(missing, '/elsewhere')).message,
    'No such file or directory while opening /no/such/northstar/file. Check the path.',
  );
  const copy = Object.assign(new Error("EACCES: permission denied, copyfile 'a' -> '/srv/b'"), {
    code: 'EACCES',
    errno: -os.constants.errno.EACCES,
    syscall: 'copyfile',
    path: 'a',
    dest: '/srv/b',
  });
  assert.match(toCliError(copy).message, /^Permission denied while copying \/srv\/b\. /);
  const readOnly = Object.assign(new Error("EROFS: read-only file system, open '/mnt/x'"), {
    code: 'EROFS',
    syscall: 'open',
    path: '/mnt/x',
  });
  assert.match(toCliError(readOnly).message, /^Read-only file system while opening \/mnt\/x\./);
  const tooMany = Object.assign(new Error("EMFILE: too many open files, open '/d/f'"), {
    code: 'EMFILE',
    syscall: 'open',
    path: '/d/f',
  });
  assert.match(toCliError(tooMany).message, /^Too many open files while opening \/d\/f\. .*ulimit/);
  const unreadable = Object.assign(new Error('EIO: i/o error, read'), {
    code: 'EIO',
    syscall: 'read',
  });
  assert.match(
    toCliError(withPath(unreadable, '/srv/site')).message,
    /^Input\/output error while reading\. /,
    'a failed read is not blamed on the folder being written',
  );
});

test('the embedded engine: an Emscripten ErrnoError (no message) and a bare abort', () => {
  // What PGlite throws when a file operation fails while it creates a database: an instance of
  // Emscripten's `class { name = 'ErrnoError'; constructor(errno) { this.errno = errno } }`,
  // with Emscripten's own numbers (51 is ENOSPC).
  const errnoError = { name: 'ErrnoError', errno: 51 };
  assert.equal(String(errnoError), '[object Object]', 'what was printed before');
  const bare = toCliError(errnoError);
  assert.equal(bare.exitCode, IO_ERROR_EXIT);
  assert.match(bare.message, /^No space left on device while writing\./);
  const located = toCliError(engineFailure(errnoError, '/var/lib/northstar'));
  assert.equal(
    located.message,
    'No space left on device while writing /var/lib/northstar. Free some space and run it again.',
  );
  const denied = toCliError(engineFailure({ name: 'ErrnoError', errno: 2 }, '/data'));
  assert.match(denied.message, /^Permission denied while opening \/data\./);

  // An abort on a disk with room to spare is not blamed on the disk.
  const abort = new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS');
  assert.equal(engineFailure(abort, os.tmpdir()), abort);
});

test('PostgreSQL reporting a full disk (SQLSTATE 53100) is an I/O failure, not a bug', () => {
  const diskFull = Object.assign(
    new Error('could not extend file "base/5/16384": No space left on device'),
    { code: '53100', severity: 'ERROR' },
  );
  const failure = toCliError(diskFull);
  assert.equal(failure.exitCode, IO_ERROR_EXIT);
  assert.match(failure.message, /^No space left on device while writing the database: could not/);
});

test('a thrown value that is not an Error is shown as what it is, never [object Object]', () => {
  for (const thrown of [{ reason: 'lost', attempt: 2 }, Object.create(null), ['a'], 42]) {
    const failure = toCliError(thrown);
    assert.equal(failure.exitCode, 70);
    assert.doesNotMatch(failure.message, /\[object Object\]/);
    assert.match(failure.message, /^unexpected error: /);
  }
  assert.equal(
    toCliError({ reason: 'lost', attempt: 2 }).message,
    "unexpected error: { reason: 'lost', attempt: 2 }",
  );
  assert.equal(toCliError('plain words').message, 'unexpected error: plain words');
});
