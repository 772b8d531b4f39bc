// `northstar serve`: open (and on first start seed) the database, then serve the site and API
// until SIGTERM or SIGINT, when the requests in flight get a bounded time to finish.
import type { FastifyInstance } from 'fastify';
import type { Config, ServerTimeouts } from '../../config.ts';
import { openRuntime, createWebApp, type Runtime } from '../../compose.ts';
import type { AppOptions } from '../../platform/http/app.ts';
import { keepDataDirPrivate } from '../privateDataDir.ts';
import { toCliError } from '../error.ts';

/** The listening server's timeouts, as fastify and Node's http server take them. */
export function serverOptions(timeouts: ServerTimeouts): NonNullable<AppOptions['serverOptions']> {
  const shortest = Math.min(timeouts.headersMs, timeouts.requestMs);
  return {
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      // Node looks for requests past their time only this often (every 30 s by default):
      // often enough that a timeout holds to within a tenth of itself.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.round(shortest / 10))),
    },
  };
}

/**
 * Stops serving: no new connections, idle ones closed, a new request on an open one answered
 * 503 (fastify's close); requests in flight have `graceMs` to finish before every connection
 * still open is closed. Then the database is closed, which frees its lock.
 */
async function shutDown(
  app: FastifyInstance,
  runtime: Runtime,
  graceMs: number,
  log: (message: string) => void,
): Promise<void> {
  const closed = app.close();
  const deadline = setTimeout(() => {
    log(`Closing the connections still open after ${graceMs / 1000} s.`);
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(deadline);
  }
  await runtime.close();
}

export async function serve(config: Config): Promise<void> {
  const log = (message: string) => process.stdout.write(`${message}\n`);
  keepDataDirPrivate(config);
  log(
    config.databaseUrl
      ? 'Database: PostgreSQL (DATABASE_URL)'
      : `Database: embedded, in ${config.dataDir}`,
  );
  const runtime = await openRuntime(config, { seed: true, progress: log });
  const app = await createWebApp(runtime.services, {
    production: config.production,
    contactEmail: config.contactEmail,
    // Every request and every fault, as JSON lines with request ids (fastify's pino).
    logger: true,
    serverOptions: {
      ...serverOptions(config.server),
      // A number is that many proxies nearest the server.
      trustProxy:
        typeof config.trustProxy === 'number'
          ? (_address: string, hop: number) => hop < (config.trustProxy as number)
          : config.trustProxy,
    },
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal is an operator who will not wait: close what is still open now.
    if (stopping) return app.server.closeAllConnections();
    stopping = true;
    const grace = config.server.shutdownGraceMs / 1000;
    log(`${signal}: finishing the requests in flight (for at most ${grace} s), then stopping.`);
    shutDown(app, runtime, config.server.shutdownGraceMs, log).then(
      () => process.exit(0),
      (error: unknown) => {
        const failure = toCliError(error);
        process.stderr.write(`northstar: ${failure.message}\n`);
        process.exit(failure.exitCode);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log(`Northstar is ready at http://localhost:${port}`);
}
