// File effects that write into a folder on disk, creating folders as needed.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PublishEffects } from './site.ts';

export function folderEffects(root: string): PublishEffects {
  const target = async (relativePath: string) => {
    const file = path.join(root, relativePath);
    await fs.mkdir(path.dirname(file), { recursive: true });
    return file;
  };
  return {
    async writeFile(relativePath, contents) {
      await fs.writeFile(await target(relativePath), contents);
    },
    async copyFile(from, relativePath) {
      await fs.copyFile(from, await target(relativePath));
    },
  };
}
