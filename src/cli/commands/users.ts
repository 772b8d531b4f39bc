// `northstar users`: the first administrator on a new install, and accounts for scripts. The
// workspace's Users pages do the same through the same service.
import type { Config } from '../../config.ts';
import { openRuntime, type Runtime } from '../../compose.ts';
import { roleNames, roles, type Role } from '../../platform/auth/policy.ts';
import { PeopleError } from '../../features/people/service.ts';
import { CliError } from '../error.ts';

async function withPeople<T>(config: Config, work: (runtime: Runtime) => Promise<T>) {
  // Seeded, so a role can be scoped to the UK's government and missions on a new install.
  const runtime = await openRuntime(config, { seed: true });
  try {
    return await work(runtime);
  } catch (error) {
    if (error instanceof PeopleError) throw new CliError(`${error.field}: ${error.message}`, 2);
    throw error;
  } finally {
    await runtime.close();
  }
}

/** A password from standard input: its first line, as typed. */
async function readPassword(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

export async function addUser(
  config: Config,
  email: string,
  options: {
    role: string;
    for?: string;
    name?: string;
    passwordStdin?: boolean;
    openid?: boolean;
    actor: string;
    reason: string;
  },
) {
  if (!roles.includes(options.role as Role))
    throw new CliError(`--role must be one of ${roles.join(', ')}, not "${options.role}"`, 2);
  const password = options.passwordStdin ? await readPassword() : undefined;
  await withPeople(config, async ({ services }) => {
    const existing = await services.people.byEmail(email);
    const grant = { role: options.role as Role, scope: options.for ?? '' };
    const meta = { actor: options.actor, reason: options.reason };
    if (existing) {
      await services.people.grant(existing.id, grant, meta);
      process.stdout.write(`${existing.email} now also has the role ${roleNames[grant.role]}.\n`);
      return;
    }
    const { user, temporaryPassword } = await services.people.add(
      {
        email,
        name: options.name ?? email.split('@')[0]!,
        grant,
        password,
        signsInElsewhere: options.openid,
      },
      meta,
    );
    process.stdout.write(`Added ${user.email} (${user.name}) as ${roleNames[grant.role]}.\n`);
    if (temporaryPassword)
      process.stdout.write(
        `Temporary password (shown once; they choose their own at first sign-in): ${temporaryPassword}\n`,
      );
  });
}

export async function listUsers(config: Config, options: { json?: boolean }) {
  await withPeople(config, async ({ services }) => {
    const users = await services.people.list();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
      return;
    }
    if (users.length === 0) {
      process.stdout.write(
        'No users yet. Add the first administrator with: northstar users add EMAIL --role administrator\n',
      );
      return;
    }
    for (const u of users) {
      const grants = u.grants.map((g) => (g.scope ? `${g.role}:${g.scope}` : g.role)).join(', ');
      const state = u.disabledAt ? 'disabled' : u.lockedUntil ? 'locked' : 'active';
      process.stdout.write(`${u.email}\t${u.name}\t${grants || '(no roles)'}\t${state}\n`);
    }
  });
}

export async function disableUser(
  config: Config,
  email: string,
  options: { actor: string; reason: string },
) {
  await withPeople(config, async ({ services }) => {
    const user = await services.people.byEmail(email);
    if (!user) throw new CliError(`There is no user ${email}`, 2);
    await services.people.setDisabled(user.id, true, options);
    process.stdout.write(`Disabled ${user.email}; their sessions have ended.\n`);
  });
}
