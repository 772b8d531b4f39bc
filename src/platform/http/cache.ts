// Rendered pages and API answers, kept until anything they could show changes. Every change to
// missions, indicators or data writes an audit event, an embargoed release becomes visible at
// its time, and staleness is judged by the day: the version of what can be seen is those three
// together. It is asked of the database at most once a `recheckMs` (another process may have
// imported data), and at once after a change made through this process's services. A page
// can so be up to `recheckMs` late, never early: embargoed figures never show before their time,
// because a page is only ever rendered with the clock clamped to the moment of rendering.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.ts';
import { hasSessionCookie } from '../auth/session.ts';

/** What the cache asks of the services: the version of what can be seen, and word of changes. */
export interface CacheSource {
  clock: Clock;
  version(): Promise<string>;
  onChange(listener: () => void): void;
}

interface Cached {
  version: string;
  status: number;
  headers: Record<string, string>;
  /** Encoded once: pages are tens of kilobytes, and encoding them on every answer is costly. */
  body: Buffer;
}

const KEPT_HEADERS = ['content-type', 'content-disposition'];

declare module 'fastify' {
  interface FastifyRequest {
    cacheVersion: string | null;
  }
}

export function setUpResponseCache(
  app: FastifyInstance,
  services: CacheSource,
  { maxEntries = 1000, recheckMs = 1000 } = {},
) {
  let known: { version: string; at: number } | undefined;
  services.onChange(() => (known = undefined));
  const version = async () => {
    const now = services.clock.now().getTime();
    if (!known || now - known.at >= recheckMs)
      known = { version: await services.version(), at: now };
    return known.version;
  };
  // At most `maxEntries` answers (pages are tens of kilobytes, so some tens of MB). A Map keeps
  // insertion order: re-inserting on use makes the first key the least recent.
  const cache = new Map<string, Cached>();
  app.decorateRequest('cacheVersion', null);

  app.addHook('onRequest', async (req, reply) => {
    // Only anonymous reads are shared: an answer to someone signed in may be theirs alone.
    if (
      req.method !== 'GET' ||
      req.url.startsWith('/assets/') ||
      req.url === '/health' ||
      hasSessionCookie(req.headers.cookie)
    )
      return;
    const current = await version();
    const hit = cache.get(req.url);
    if (hit?.version === current) {
      cache.delete(req.url);
      cache.set(req.url, hit);
      return reply.code(hit.status).headers(hit.headers).header('x-cache', 'hit').send(hit.body);
    }
    req.cacheVersion = current;
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    const body = payload as unknown;
    if (
      req.cacheVersion !== null &&
      reply.statusCode === 200 &&
      (typeof body === 'string' || Buffer.isBuffer(body))
    ) {
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      cache.set(req.url, {
        version: req.cacheVersion,
        status: 200,
        headers,
        body: typeof body === 'string' ? Buffer.from(body) : body,
      });
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      reply.header('x-cache', 'miss');
    }
    done(null, payload);
  });
}
