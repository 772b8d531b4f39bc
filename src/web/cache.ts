// Rendered pages and API answers, kept until anything they could show changes. Every change to
// missions, indicators or data writes an audit event, an embargoed release becomes visible at
// its time, and staleness is judged by the day: the version of what can be seen is those three
// together, asked of the database on each request (another process may have imported data).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';

interface Cached {
  version: string;
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const KEPT_HEADERS = ['content-type', 'content-disposition'];

declare module 'fastify' {
  interface FastifyRequest {
    cacheVersion: string | null;
  }
}

export function setUpResponseCache(
  app: FastifyInstance,
  services: Services,
  { maxEntries = 2000 } = {},
) {
  // A Map keeps insertion order: re-inserting on use makes the first key the least recent.
  const cache = new Map<string, Cached>();
  app.decorateRequest('cacheVersion', null);

  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || req.url.startsWith('/assets/') || req.url === '/health') return;
    const version = await services.version();
    const hit = cache.get(req.url);
    if (hit?.version === version) {
      cache.delete(req.url);
      cache.set(req.url, hit);
      return reply.code(hit.status).headers(hit.headers).header('x-cache', 'hit').send(hit.body);
    }
    req.cacheVersion = version;
  });

  app.addHook('onSend', async (req, reply, payload) => {
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
      cache.set(req.url, { version: req.cacheVersion, status: 200, headers, body });
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      reply.header('x-cache', 'miss');
    }
    return payload;
  });
}
