// `northstar targets import`: areas' own targets for a goal divided among areas, from a CSV file,
// all or nothing, each change recorded with the reason.
import fs from 'node:fs';
import type { Config } from '../../config.ts';
import { openRuntime } from '../../compose.ts';
import { readLocalTargets } from '../../features/missions/localTargetsFile.ts';
import { CliError } from '../error.ts';

export async function importTargets(
  config: Config,
  file: string,
  options: { goal: string; as?: string; reason: string; actor: string },
) {
  const [missionSlug, goalSlug] = options.goal.split('/');
  const runtime = await openRuntime(config, { seed: true });
  try {
    const { missions } = runtime.services;
    const mission = (await missions.stored()).find((m) => m.slug === missionSlug);
    const goal = mission?.goals.find((g) => g.slug === goalSlug);
    if (!mission || !goal)
      throw new CliError(`No goal ${options.goal}: name it as mission/goal`, 1);
    const divided = await missions.divisions.divisionAt({
      missionSlug: mission.slug,
      goalSlug: goal.slug,
    });
    if (!divided)
      throw new CliError(
        `Goal ${options.goal} is not divided among areas: divide it in the workspace first`,
        1,
      );
    const setBy = options.as ?? mission.governmentSlug;
    if (!(await missions.governments()).some((g) => g.slug === setBy))
      throw new CliError(`No government ${setBy}`, 1);
    const targets = readLocalTargets(file, fs.readFileSync(file), {
      goal,
      division: divided.division,
      setBy,
      problemWith: missions.divisions.problemWith,
    });
    const changes = await missions.divisions.importTargets(goal, targets, {
      actor: options.actor,
      reason: options.reason,
    });
    process.stdout.write(
      `Read ${targets.length} targets from ${file}: ${changes ? `${changes} changes recorded in the audit log` : 'no changes'}.\n`,
    );
  } finally {
    await runtime.close();
  }
}
