// `northstar serve`: open (and on first start seed) the database, then serve the site and API.
import type { Config } from '../../config.ts';
import { openRuntime, createWebApp } from '../../compose.ts';
import { keepDataDirPrivate } from '../privateDataDir.ts';

export async function serve(config: Config): Promise<void> {
  const log = (message: string) => process.stdout.write(`${message}\n`);
  keepDataDirPrivate(config);
  log(
    config.databaseUrl
      ? 'Database: PostgreSQL (DATABASE_URL)'
      : `Database: embedded, in ${config.dataDir}`,
  );
  const runtime = await openRuntime(config, { seed: true, progress: log });
  const app = await createWebApp(runtime.services, { production: config.production });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log(`Northstar is ready at http://localhost:${port}`);
}
