// `northstar init`: create the database and load the bundled content, then exit.
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { keepDataDirPrivate } from '../privateDataDir.ts';

export async function init(config: Config): Promise<void> {
  keepDataDirPrivate(config);
  const runtime = await openRuntime(config, {
    seed: true,
    progress: (m) => process.stdout.write(`${m}\n`),
  });
  await runtime.close();
  process.stdout.write('Database ready.\n');
}
