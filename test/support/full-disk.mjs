// Loaded with `node --import` where a real full file system cannot be mounted (mounting a
// tmpfs needs root): every write of data under NORTHSTAR_TEST_FULL_DIR fails as a full disk's
// does, with the error Node itself gives (ENOSPC from `write`, naming no file).
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { syncBuiltinESMExports } from 'node:module';

const full = path.resolve(process.env.NORTHSTAR_TEST_FULL_DIR ?? '/nonexistent');
const isUnder = (file) =>
  typeof file === 'string' && path.resolve(file).startsWith(`${full}${path.sep}`);
const noSpace = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
const hasData = (data) => data !== undefined && data !== null && data.length !== 0;

const original = {
  openSync: fs.openSync,
  closeSync: fs.closeSync,
  writeSync: fs.writeSync,
  writeFileSync: fs.writeFileSync,
  writeFile: fs.promises.writeFile,
  copyFile: fs.promises.copyFile,
};
const fullDescriptors = new Set();

fs.openSync = function (file, ...rest) {
  const fd = original.openSync.call(this, file, ...rest);
  if (isUnder(file)) fullDescriptors.add(fd);
  return fd;
};
fs.closeSync = function (fd) {
  fullDescriptors.delete(fd);
  return original.closeSync.call(this, fd);
};
fs.writeSync = function (fd, data, ...rest) {
  if (fullDescriptors.has(fd) && hasData(data)) throw noSpace();
  return original.writeSync.call(this, fd, data, ...rest);
};
fs.writeFileSync = function (file, data, ...rest) {
  if (isUnder(file) && hasData(data)) throw noSpace();
  return original.writeFileSync.call(this, file, data, ...rest);
};
fs.promises.writeFile = async function (file, data, ...rest) {
  if (isUnder(file) && hasData(data)) throw noSpace();
  return original.writeFile.call(this, file, data, ...rest);
};
fs.promises.copyFile = async function (from, to, ...rest) {
  if (isUnder(to)) throw noSpace();
  return original.copyFile.call(this, from, to, ...rest);
};
syncBuiltinESMExports();
