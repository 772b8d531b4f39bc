// Per-client limits on the answers that cost work. A cached answer, an asset and /health are
// cheap and never limited; anything else (a page or answer worked out afresh, a 404) counts
// against its client's allowance: `perWindow` in each window (@fastify/rate-limit, then a 429
// with Retry-After), and at most `atOnce` at a time, the rest waiting their turn. So a client
// asking for endless unique addresses gets a few renders a second and no more. Across all
// clients at most `totalAtOnce` are worked out at a time: the database answers one query at a
// time (the embedded engine) or a few (a pool), so more at once only lengthens its queue, and
// /health and the cache's check of what changed wait at the end of that queue.
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
  /** Answers worked out at once for all clients together (default 4); more wait their turn. */
  totalAtOnce?: number;
  /** How many requests may wait for a place in all (default 4096); more are refused with a 429. */
  totalWaiting?: number;
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

/**
 * At most `atOnce` running for each key; the rest queue, up to `waiting`. `enter` answers the
 * function that gives the place up (once, however often it is called).
 */
function createGate(atOnce: number, waiting: number, refusal: string) {
  const keys = new Map<string, { running: number; queue: (() => void)[] }>();
  const leave = (key: string) => {
    const state = keys.get(key);
    if (!state) return;
    const next = state.queue.shift();
    if (next) return next();
    state.running--;
    if (state.running === 0) keys.delete(key);
  };
  return async (key: string): Promise<() => void> => {
    let state = keys.get(key);
    if (!state) keys.set(key, (state = { running: 0, queue: [] }));
    if (state.running < atOnce) state.running++;
    else {
      if (state.queue.length >= waiting) throw new TooManyRequests(refusal);
      // The one who leaves hands its place over: `running` stays as it is.
      await new Promise<void>((resolve) => state.queue.push(resolve));
    }
    let held = true;
    return () => {
      if (held) leave(key);
      held = false;
    };
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Gives up the places this request holds at the gates, once it is answered. */
    leaveGates: (() => void) | null;
  }
}

const isFree = (req: FastifyRequest) =>
  req.url.startsWith('/assets/') || req.routeOptions.config.rateLimit === false;

export async function setUpRenderLimits(
  app: FastifyInstance,
  clock: Clock,
  {
    perWindow = 120,
    windowMs = 60_000,
    atOnce = 2,
    waiting = 256,
    totalAtOnce = 4,
    totalWaiting = 4096,
  }: RenderLimits = {},
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
  const enterClientGate = createGate(
    atOnce,
    waiting,
    'Too many requests at once from your address. Try again soon.',
  );
  const enterSharedGate = createGate(
    totalAtOnce,
    totalWaiting,
    'This service is busy. Try again in a minute.',
  );
  app.decorateRequest('leaveGates', null);
  const leave = (req: FastifyRequest) => {
    req.leaveGates?.();
    req.leaveGates = null;
  };
  // After the cache's own preHandler: a hit found there never gets here.
  app.addHook('preHandler', async (req, reply) => {
    if (isFree(req)) return;
    await countRequest.call(app, req, reply);
    const leaveClient = await enterClientGate(req.ip);
    req.leaveGates = leaveClient;
    const leaveShared = await enterSharedGate('');
    req.leaveGates = () => {
      leaveShared();
      leaveClient();
    };
    // A client that left while waiting is answered by nobody, and so never gives its places
    // up on sending: give them up now.
    if (req.socket.destroyed) {
      leave(req);
      throw new TooManyRequests('The request was abandoned while it waited.');
    }
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
