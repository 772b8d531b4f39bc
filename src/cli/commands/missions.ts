// `northstar missions load`: make a government's stored missions match its YAML file.
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';

export async function loadMissions(
  config: Config,
  file: string,
  options: { reason: string; actor: string },
) {
  const runtime = await openRuntime(config, {
    seed: true,
    progress: (m) => process.stdout.write(`${m}\n`),
  });
  try {
    const { changes } = await runtime.services.missions.loadFile(
      file,
      options.actor,
      options.reason,
    );
    process.stdout.write(
      changes
        ? `Loaded ${file}: ${changes} changes recorded in the audit log.\n`
        : `Loaded ${file}: no changes.\n`,
    );
  } finally {
    await runtime.close();
  }
}
