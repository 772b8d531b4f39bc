// The northstar command. Each command's module is loaded only when it runs; every expected
// failure is a CliError, reported once here with its exit code and no stack trace.
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { CliError, toCliError, withPath } from './error.ts';
import type { InputFormat } from '../features/statistics/importer.ts';
import { OWNER_ONLY_UMASK } from '../platform/db/ownerOnly.ts';

// Before anything is written: the data directory (the embedded database, its lock, import
// reports) is its owner's alone. The engine creates its files through Node's fs with mode
// 0777, so this mask is what keeps a new table or log file private. A published site is for
// anyone to read and sets its own modes (publish/folder.ts).
process.umask(OWNER_ONLY_UMASK);

const formatOption = () =>
  new Option('--format <format>', 'input format (detected from the header when not given)').choices(
    ['open-sdg', 'tidy'],
  );

const program = new Command()
  .name('northstar')
  .description('Missions, goals and official statistics: honest progress, published openly.')
  .showHelpAfterError();

/** Runs a command writing into `out`: a failed write that names no file (most) names the folder. */
async function writingTo(out: string, command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    throw withPath(error, out);
  }
}

const config = () => {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
};

program
  .command('serve')
  .description('serve the public site and API (creating and seeding the database on first start)')
  .action(async () => (await import('./commands/serve.ts')).serve(config()));

program
  .command('init')
  .description('create the database and load the UK missions and bundled statistics if it is empty')
  .action(async () => (await import('./commands/init.ts')).init(config()));

type SourceOptions = { source?: string; published?: string };
const sourceOption = [
  '--source <recipe>',
  "read publishers' spreadsheets with this recipe: a shipped name (sources/) or a path",
] as const;
const publishedOption = [
  '--published <date>',
  "with --source: the publication date (YYYY-MM-DD), when the file's own is wrong or absent",
] as const;

program
  .command('check')
  .description('validate statistics files or folders without writing anything')
  .argument('<paths...>', "Open SDG folders, data folders, CSV files or publishers' spreadsheets")
  .addOption(formatOption())
  .option(...sourceOption)
  .option(...publishedOption)
  .action(async (paths: string[], options: SourceOptions & { format?: InputFormat }) =>
    (await import('./commands/statistics.ts')).check(config(), paths, options),
  );

program
  .command('import')
  .description('import statistics files or folders as new releases, all or nothing')
  .argument('<paths...>', "Open SDG folders, data folders, CSV files or publishers' spreadsheets")
  .addOption(formatOption())
  .option(...sourceOption)
  .option(...publishedOption)
  .option('--release-at <instant>', 'embargo: the ISO 8601 time the data becomes public')
  .option('--report <file>', 'where to write the import report (JSON)')
  .option(
    '--actor <name>',
    'who is loading the data, for the audit log',
    process.env.USER ?? 'northstar',
  )
  .action(
    async (
      paths: string[],
      options: SourceOptions & {
        releaseAt?: string;
        actor: string;
        format?: InputFormat;
        report?: string;
      },
    ) => (await import('./commands/statistics.ts')).importCommand(config(), paths, options),
  );

program
  .command('missions')
  .description('manage missions')
  .command('load')
  .description("load a government's missions from a YAML file, recording every change")
  .argument('<file>', 'missions file (see missions/uk.yaml)')
  .option(
    '--reason <text>',
    'why the missions changed, for the public change log',
    'Missions file loaded',
  )
  .option('--actor <name>', 'who is making the change', process.env.USER ?? 'northstar')
  .action(async (file: string, options: { reason: string; actor: string }) =>
    (await import('./commands/missions.ts')).loadMissions(config(), file, options),
  );

program
  .command('targets')
  .description('local targets of goals divided among areas')
  .command('import')
  .description("set areas' own targets for a divided goal from a CSV file (area, target, weight)")
  .argument('<file>', 'CSV file with columns area (ONS code), target and, for rates, weight')
  .requiredOption('--goal <mission/goal>', 'the goal, as mission/goal')
  .option('--as <government>', 'the government setting them (default: the goal’s own)')
  .requiredOption('--reason <text>', 'why the targets are set, for the public change log')
  .option('--actor <name>', 'who is making the change', process.env.USER ?? 'northstar')
  .action(async (file: string, options) =>
    (await import('./commands/targets.ts')).importTargets(config(), file, options),
  );

program
  .command('settlements')
  .description('funding settlements by government and area')
  .command('import')
  .description(
    'import funding settlements from a CSV file, one row per settlement and financial year, all or nothing',
  )
  .argument(
    '<file>',
    'CSV file: settlement, government, area, title, financial_year, amount_gbp, serves, conditions, outcomes, source, source_url (see examples/settlements-example.csv)',
  )
  .requiredOption('--reason <text>', 'why the settlements change, for the public change log')
  .option('--actor <name>', 'who is making the change', process.env.USER ?? 'northstar')
  .action(async (file: string, options: { reason: string; actor: string }) =>
    (await import('./commands/settlements.ts')).importSettlements(config(), file, options),
  );

const users = program.command('users').description('the people who sign in to the workspace');
const actorOption = () =>
  new Option('--actor <name>', 'who is making the change').default(process.env.USER ?? 'northstar');

users
  .command('add')
  .description('add a user with a role (or give an existing user another role)')
  .argument('<email>', 'their email address')
  .requiredOption(
    '--role <role>',
    'administrator, mission-editor, statistics-publisher, steward, partner or reviewer',
  )
  .option('--for <scope>', 'what the role is for: a government, indicator, mission or organisation')
  .option('--name <name>', 'their full name, as the change log shows it')
  .option(
    '--password-stdin',
    'read their password from standard input (otherwise a temporary one is printed)',
  )
  .option('--openid', 'no password: they sign in at the OpenID provider')
  .option('--reason <text>', 'why they need the role', 'Added on the command line')
  .addOption(actorOption())
  .action(async (email: string, options) =>
    (await import('./commands/users.ts')).addUser(config(), email, options),
  );

users
  .command('list')
  .description('every user with their roles and state')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) =>
    (await import('./commands/users.ts')).listUsers(config(), options),
  );

users
  .command('disable')
  .description('disable a user and end their sessions')
  .argument('<email>', 'their email address')
  .option('--reason <text>', 'why', 'Disabled on the command line')
  .addOption(actorOption())
  .action(async (email: string, options: { actor: string; reason: string }) =>
    (await import('./commands/users.ts')).disableUser(config(), email, options),
  );

program
  .command('assess')
  .description('compute the status of every goal')
  .option('--as-at <date>', 'as the data stood at this date (ISO 8601)')
  .option('--json', 'print JSON')
  .action(async (options: { asAt?: string; json?: boolean }) =>
    (await import('./commands/assess.ts')).assess(config(), options),
  );

program
  .command('export')
  .description('write every indicator as open data: Open SDG CSV with CSVW metadata, and JSON')
  .requiredOption('--out <dir>', 'folder to write to')
  .action(async (options: { out: string }) =>
    writingTo(options.out, async () =>
      (await import('./commands/export.ts')).exportCommand(config(), options.out),
    ),
  );

program
  .command('publish')
  .description('write the whole public site as static files for any web server or CDN')
  .requiredOption('--out <dir>', 'folder to write to')
  .action(async (options: { out: string }) =>
    writingTo(options.out, async () =>
      (await import('./commands/publish.ts')).publish(config(), options.out),
    ),
  );

program
  .command('report')
  .description('reports to Parliament')
  .command('annual')
  .description(
    'the annual report as at a date, frozen: HTML, PDF and Word with a data annex, their SHA-256 recorded in the change log',
  )
  .requiredOption('--as-at <date>', 'the date the report is as at (YYYY-MM-DD)')
  .requiredOption('--out <dir>', 'folder to write the files to')
  .option('--government <slug>', 'whose missions', 'uk')
  .option('--reason <text>', 'why', 'Annual report to Parliament')
  .addOption(actorOption())
  .action(
    async (options: {
      asAt: string;
      out: string;
      government: string;
      reason: string;
      actor: string;
    }) =>
      writingTo(options.out, async () =>
        (await import('./commands/report.ts')).annualReport(config(), options),
      ),
  );

program
  .command('audit')
  .description('the public record of changes')
  .command('verify')
  .description(
    'check the hash chain of the audit log, and that the stored missions, goals and releases are what it records',
  )
  .option(
    '--against <url-or-file>',
    'a published page or /api/v1/audit/head answer: its head must still be in the log, unchanged',
  )
  .action(async (options: { against?: string }) =>
    (await import('./commands/audit.ts')).verify(config(), options.against),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const failure = toCliError(error);
  process.stderr.write(`northstar: ${failure.message}\n`);
  // Exit now rather than when the event loop empties: an engine that failed part way (PGlite
  // after a failed start, for one) can keep handles open, and the command would never end.
  process.exit(failure.exitCode);
}
