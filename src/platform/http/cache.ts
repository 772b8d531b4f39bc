// Rendered pages and API answers, kept until anything they could show changes. Every change to
// missions, indicators or data writes an audit event, an embargoed release becomes visible at
// its time, and staleness is judged by the day: the version of what can be seen is those three
// together. It is asked of the database at most once a `recheckMs` (another process may have
// imported data), and at once after a change made through this process's services. A page
// can so be up to `recheckMs` late, never early: embargoed figures never show before their time,
// because a page is only ever rendered with the clock clamped to the moment of rendering.
//
// One client must not be able to fill the memory: answers are kept under a bound in bytes, the
// least recently used going first, and are keyed by what the route understands, in one normal
// form (see `normalKey`), so reordered or repeated parameters are one entry and unknown ones
// never reach it (every route refuses them with a 400 before its handler runs).
//
// Each kept answer carries its validators, made once as it is kept: an ETag from the version
// and the key (the same version and address always render the same answer), the time this
// process first saw that version as `Last-Modified`, and `Cache-Control` asking any cache to
// revalidate. A request that still holds them is answered 304 on the hit path with one header
// comparison. Answers to someone signed in never get them (see `platform/auth/guard.ts`).
//
// A hit at a plain address is answered by `answerDirectly` as the request arrives, before
// fastify routes it: under load, fastify's request, hooks and reply cost a third of each hit
// (docs/performance.md). An answer is kept with every header it was sent with, so a hit is
// the same answer whichever way it goes out.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { addressIn, languageOf } from './language.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { hasSessionCookie } from '../auth/session.ts';

/** What the cache asks of the services: the version of what can be seen, and word of changes. */
export interface CacheSource {
  clock: Clock;
  version(): Promise<string>;
  onChange(listener: () => void): void;
}

export interface CacheOptions {
  /** The most the kept answers may hold, in bytes (default 64 MiB). */
  maxBytes?: number;
  /** How long a version read from the database is trusted, in milliseconds. */
  recheckMs?: number;
}

/** What is kept now, for tests and the curious. */
export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
}

interface Cached {
  /** Every header the answer was sent with but those of one request (`OWN_HEADERS`). */
  headers: Record<string, string>;
  /** The headers of a 304: the same, but those about the body. */
  notModified: Record<string, string>;
  /** Encoded once: pages are tens of kilobytes, and encoding them on every answer is costly. */
  body: Buffer;
  size: number;
  etag: string;
  /** `Last-Modified` in milliseconds, whole seconds as HTTP dates have. */
  modified: number;
}

/** Answers a request from the cache if it can, returning whether it did. */
export type DirectAnswer = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Shared caches may keep an answer but must ask again before each use: it can change any time. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 has for GET and HEAD). */
export function etagMatches(header: string, etag: string): boolean {
  if (header === etag || header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/**
 * An HTTP-date in any of the three forms a recipient must read (RFC 9110, 5.6.7): the date
 * the server sends, the obsolete RFC 850 one and asctime's. Anything else is not a date.
 */
const HTTP_DATE =
  /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** Whether the request's validators show it already holds this answer. */
function unchanged(headers: IncomingHttpHeaders, etag: string, modified: number): boolean {
  const noneMatch = headers['if-none-match'];
  // A client sending both is judged by the ETag alone.
  if (noneMatch !== undefined) return etagMatches(noneMatch, etag);
  const since = headers['if-modified-since'];
  // One that is not an HTTP-date is ignored (RFC 9110, 13.1.3).
  if (since === undefined || !HTTP_DATE.test(since)) return false;
  const at = Date.parse(since);
  return !Number.isNaN(at) && at >= modified;
}

export const DEFAULT_CACHE_BYTES = 64 * 2 ** 20;
/** An answer larger than this share of the bound is served but not kept. */
const LARGEST_SHARE = 1 / 16;
/** The map entry, key and headers beside the body, roughly. */
const ENTRY_OVERHEAD = 256;
/** Headers of one request or connection (a client's rate limit, the date): never kept. */
const OWN_HEADERS =
  /^(?:content-length|date|connection|keep-alive|transfer-encoding|set-cookie|retry-after|x-cache|x-ratelimit-.*)$/;
/** Headers about the body, which a 304 leaves out. */
const BODY_HEADERS = /^content-/;
/** A path that is already its own normal form: plain segments, no `%`, no trailing `/`. */
const PLAIN_PATH = /^(?:\/[\w.~-]+)+$/;

declare module 'fastify' {
  interface FastifyRequest {
    cacheVersion: string | null;
    cacheKey: string | null;
  }
}

/**
 * The one address of what a request asks for: the route's path with each parameter as it was
 * understood (decoded, then encoded one way), and the validated query's values sorted by name.
 * `/indicators/3.a.1?area=E92000001&measure=x` and `?measure=x&area=%4592000001` are one.
 */
export function normalKey(req: FastifyRequest): string | null {
  const route = req.routeOptions.url;
  if (route === undefined) return null;
  const params = (req.params ?? {}) as Record<string, unknown>;
  const path = route.replace(/:(\w+)|\*/g, (name, param?: string) =>
    encodeURIComponent(String(params[param ?? name] ?? '')),
  );
  const query = (req.query ?? {}) as Record<string, unknown>;
  const names = Object.keys(query)
    .filter((name) => query[name] !== undefined)
    .sort();
  if (names.length === 0) return path;
  const pairs = names.map(
    (name) => `${encodeURIComponent(name)}=${encodeURIComponent(String(query[name]))}`,
  );
  return `${path}?${pairs.join('&')}`;
}

/** A key in the page's language: a Welsh page is kept apart from its English one. */
const inLanguage = (req: FastifyRequest, key: string) => addressIn(languageOf(req), key);

/**
 * Whether a request may share kept answers: an anonymous read (HEAD is answered as GET, by the
 * same entry), not of the assets (served from files) or of `/health` (never kept). An answer
 * to someone signed in, or a form (with its token), is theirs alone.
 */
const sharedRead = (method: string | undefined, url: string, cookie: string | undefined) =>
  (method === 'GET' || method === 'HEAD') &&
  !url.startsWith('/assets/') &&
  url !== '/health' &&
  !hasSessionCookie(cookie);

/** A plain path is its own key, known before routing: plain segments, nothing to normalise. */
const isPlain = (url: string) => url === '/' || PLAIN_PATH.test(url);

/** The kept answers, and `answerDirectly` for the server to try on each request first. */
export function setUpResponseCache(
  app: FastifyInstance,
  services: CacheSource,
  { maxBytes = DEFAULT_CACHE_BYTES, recheckMs = 1000 }: CacheOptions = {},
): { stats: CacheStats; answerDirectly: DirectAnswer } {
  // One question in flight at a time: requests arriving together wait for the same answer,
  // rather than each queueing its own behind the database's other work.
  let known: { version: string; at: number } | undefined;
  let asking: Promise<string> | undefined;
  let changes = 0;
  services.onChange(() => {
    known = undefined;
    asking = undefined;
    changes++;
  });
  /** The version last read, while it is still trusted. */
  const trusted = (now = services.clock.now().getTime()) =>
    known && now - known.at < recheckMs ? known.version : undefined;
  const version = (): Promise<string> | string => {
    const now = services.clock.now().getTime();
    const current = trusted(now);
    if (current !== undefined) return current;
    // While the database is asked, the last version it gave still holds: a page can be late
    // by as long as the question takes, never early, and nobody waits behind a busy database.
    if (asking) return known?.version ?? asking;
    const asked = changes;
    const question = services.version().then((current) => {
      if (asked === changes) known = { version: current, at: now };
      return current;
    });
    asking = question;
    const done = () => {
      if (asking === question) asking = undefined;
    };
    question.then(done, done);
    return question;
  };
  // A Map keeps insertion order: re-inserting on use makes the first key the least recent.
  // Every entry is of `keptVersion`: a new version empties it.
  const cache = new Map<string, Cached>();
  let keptVersion: string | undefined;
  // When this process first saw `keptVersion`, and never the same second as the one before, so
  // an answer changed within a second of the last is not taken for unchanged by its date.
  let modified = 0;
  const stats: CacheStats = { entries: 0, bytes: 0, maxBytes };
  const largest = maxBytes * LARGEST_SHARE;
  const forget = (key: string) => {
    const old = cache.get(key);
    if (!old) return;
    cache.delete(key);
    stats.bytes -= old.size;
    stats.entries = cache.size;
  };
  const keep = (key: string, entry: Cached) => {
    forget(key);
    if (entry.size > largest) return;
    cache.set(key, entry);
    stats.bytes += entry.size;
    while (stats.bytes > maxBytes) forget(cache.keys().next().value!);
    stats.entries = cache.size;
  };
  app.decorateRequest('cacheVersion', null);
  app.decorateRequest('cacheKey', null);

  /** The answer kept at `key`, now the most recently used. */
  const lookUp = (key: string) => {
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
    }
    return hit;
  };
  /** Answers from the cache if it can; otherwise marks the request to be kept. */
  const serve = (req: FastifyRequest, key: string) => {
    const hit = lookUp(key);
    if (!hit) req.cacheKey = key;
    return hit;
  };

  const answer = (req: FastifyRequest, reply: FastifyReply, hit: Cached) =>
    unchanged(req.headers, hit.etag, hit.modified)
      ? reply.code(304).headers(hit.notModified).send()
      : reply.code(200).headers(hit.headers).send(hit.body);

  // Once the server is closing, every request goes to fastify, which answers it 503.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Fastify logs each request at `info`; a direct answer is logged likewise.
  const logged = ['trace', 'debug', 'info'].includes(app.log.level);
  const answerDirectly: DirectAnswer = (req, res) => {
    const url = req.url ?? '';
    if (closing || !isPlain(url) || !sharedRead(req.method, url, req.headers.cookie)) return false;
    // A version no longer trusted, or a new one, is the full path's to ask for and wait for:
    // asked here, the question would leave the full path the old version while it is answered.
    if (trusted() !== keptVersion) return false;
    // A plain path's key is the address as asked, in its language (`/cy/…`): see language.ts.
    const hit = lookUp(url);
    if (!hit) return false;
    const same = unchanged(req.headers, hit.etag, hit.modified);
    res.writeHead(same ? 304 : 200, same ? hit.notModified : hit.headers);
    res.end(same ? undefined : hit.body);
    if (logged)
      app.log.info(
        { req: { method: req.method, url }, res: { statusCode: res.statusCode } },
        'answered from the cache',
      );
    return true;
  };

  app.addHook('onRequest', async (req, reply) => {
    // Only anonymous reads of public routes are shared.
    if (
      (req.routeOptions.config?.policy ?? 'public') !== 'public' ||
      !sharedRead(req.method, req.url, req.headers.cookie)
    )
      return;
    const current = await version();
    if (current !== keptVersion) {
      cache.clear();
      Object.assign(stats, { entries: 0, bytes: 0 });
      keptVersion = current;
      const now = Math.floor(services.clock.now().getTime() / 1000) * 1000;
      modified = Math.max(now, modified + 1000);
    }
    req.cacheVersion = current;
    // A plain path is its own normal form, known before validation.
    if (!isPlain(req.url)) return;
    const hit = serve(req, inLanguage(req, req.url));
    if (hit) return answer(req, reply, hit);
  });

  // Any other address once the route has understood it: after validation, before the handler.
  app.addHook('preHandler', async (req, reply) => {
    if (req.cacheVersion === null || req.cacheKey !== null) return;
    const key = normalKey(req);
    const hit = key === null ? undefined : serve(req, inLanguage(req, key));
    if (hit) return answer(req, reply, hit);
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    const body = payload as unknown;
    if (
      req.cacheKey !== null &&
      req.cacheVersion === keptVersion &&
      reply.statusCode === 200 &&
      (typeof body === 'string' || Buffer.isBuffer(body))
    ) {
      const encoded = typeof body === 'string' ? Buffer.from(body) : body;
      const etag = `W/"${createHash('sha256').update(`${keptVersion}\n${req.cacheKey}`).digest('base64url').slice(0, 22)}"`;
      const validators = {
        etag,
        'last-modified': new Date(modified).toUTCString(),
        'cache-control': PUBLIC_CACHE_CONTROL,
      };
      reply.headers(validators);
      // The earlier hooks' headers (security, CORS) are set by now: see the order in app.ts.
      const notModified: Record<string, string> = { 'x-cache': 'hit' };
      const headers: Record<string, string> = {
        'x-cache': 'hit',
        'content-length': String(encoded.byteLength),
      };
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value === undefined || OWN_HEADERS.test(name)) continue;
        headers[name] = String(value);
        if (!BODY_HEADERS.test(name)) notModified[name] = String(value);
      }
      keep(req.cacheKey, {
        headers,
        notModified,
        body: encoded,
        size: encoded.byteLength + req.cacheKey.length + ENTRY_OVERHEAD,
        etag,
        modified,
      });
      reply.header('x-cache', 'miss');
      if (unchanged(req.headers, etag, modified)) {
        reply.code(304);
        return done(null, '');
      }
    }
    done(null, payload);
  });
  return { stats, answerDirectly };
}
