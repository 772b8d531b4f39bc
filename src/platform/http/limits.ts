// Per-client limits on the answers that cost work. A cached answer, an asset and /health are
// cheap and never limited; anything else (a page or answer worked out afresh, a 404) counts
// against its client's allowance: `perWindow` in each window (@fastify/rate-limit, then a 429
// with Retry-After), and at most `atOnce` at a time, the rest waiting their turn. So a client
// asking for endless unique addresses gets a few renders a second and no more, and can never
// have so many in flight that /health waits behind them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Clock } from '../../clock.ts';

export interface RenderLimits {
  /** Answers worked out per client in each window (default 120, two a second). */
  perWindow?: number;
  /** The window, in milliseconds (default a minute). */
  windowMs?: number;
  /** Answers worked out for one client at once (default 2); more wait their turn. */
  atOnce?: number;
  /** How many of one client's requests may wait (default 256); more are refused with a 429. */
  waiting?: number;
}

/** Clients remembered at most: the oldest window is forgotten first. */
const MAX_CLIENTS = 10_000;

/** The rate-limit store, counting by the app's clock (so tests set the time, not sleep). */
function clockWindowStore(clock: Clock) {
  return class ClockWindowStore {
    private windows = new Map<string, { count: number; start: number }>();

    incr(
      key: string,
      done: (error: Error | null, result: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      const now = clock.now().getTime();
      let window = this.windows.get(key);
      if (!window || now - window.start >= timeWindow) {
        this.windows.delete(key);
        if (this.windows.size >= MAX_CLIENTS)
          this.windows.delete(this.windows.keys().next().value!);
        window = { count: 0, start: now };
        this.windows.set(key, window);
      }
      window.count++;
      done(null, { current: window.count, ttl: window.start + timeWindow - now });
    }

    child() {
      return new ClockWindowStore();
    }
  };
}

class TooManyRequests extends Error {
  statusCode = 429;
}

/** At most `atOnce` running per client; the rest queue, up to `waiting`. */
function createClientGate(atOnce: number, waiting: number) {
  const clients = new Map<string, { running: number; queue: (() => void)[] }>();
  return {
    async enter(client: string) {
      let state = clients.get(client);
      if (!state) clients.set(client, (state = { running: 0, queue: [] }));
      if (state.running < atOnce) {
        state.running++;
        return;
      }
      if (state.queue.length >= waiting)
        throw new TooManyRequests('Too many requests at once from your address. Try again soon.');
      // The one who leaves hands its place over: `running` stays as it is.
      await new Promise<void>((resolve) => state.queue.push(resolve));
    },
    leave(client: string) {
      const state = clients.get(client);
      if (!state) return;
      const next = state.queue.shift();
      if (next) return next();
      state.running--;
      if (state.running === 0) clients.delete(client);
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose place at the gate this request holds, until it is answered. */
    renderClient: string | null;
  }
}

const isFree = (req: FastifyRequest) =>
  req.url.startsWith('/assets/') || req.routeOptions.config.rateLimit === false;

export async function setUpRenderLimits(
  app: FastifyInstance,
  clock: Clock,
  { perWindow = 120, windowMs = 60_000, atOnce = 2, waiting = 256 }: RenderLimits = {},
) {
  await app.register(rateLimit, {
    global: false,
    max: perWindow,
    timeWindow: windowMs,
    store: clockWindowStore(clock),
    errorResponseBuilder: (_req, context) =>
      new TooManyRequests(
        `You have asked for more pages than this service answers in a minute. Try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`,
      ),
  });
  const countRequest = app.rateLimit();
  const gate = createClientGate(atOnce, waiting);
  app.decorateRequest('renderClient', null);
  const leave = (req: FastifyRequest) => {
    if (req.renderClient === null) return;
    gate.leave(req.renderClient);
    req.renderClient = null;
  };
  // After the cache's own preHandler: a hit found there never gets here.
  app.addHook('preHandler', async (req, reply) => {
    if (isFree(req)) return;
    await countRequest.call(app, req, reply);
    await gate.enter(req.ip);
    req.renderClient = req.ip;
  });
  // A callback, not an async hook: it runs on every answer, cached ones included.
  app.addHook('onSend', (req, _reply, payload, done) => {
    leave(req);
    done(null, payload);
  });
  app.addHook('onRequestAbort', (req, done) => {
    leave(req);
    done();
  });
}
