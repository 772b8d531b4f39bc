// Errors, handled once: an API request gets a JSON problem body, a page request a GOV.UK page
// (404 "Page not found", other 4xx a page naming the problem, 5xx "Sorry…"), whatever raised
// it: a handler, validation, a route that does not exist, an address fastify cannot decode,
// or a request Node's HTTP parser refuses before fastify sees it. Bad input is always a 4xx;
// a 5xx is a fault of ours, logged with its stack. Details are shown only in development.
import type { Socket } from 'node:net';
import { renderPage } from './templates.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** Thrown by a handler when what was asked for does not exist; `what` names it for the API. */
export class NotFoundError extends Error {
  constructor(what = 'Page') {
    super(`${what} not found`);
  }
}

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

/** The heading of the GOV.UK page for each 4xx; any other says there is a problem. */
const headings: Record<number, string> = {
  401: 'You need to sign in',
  403: 'You cannot do this',
  408: 'The request took too long',
  413: 'Payload too large: the request is larger than this service accepts',
  414: 'The web address is too long',
  429: 'Too many requests',
  431: 'Request header fields too large',
};

/** The body of every API error: a problem details object (RFC 9457), sent as `PROBLEM_TYPE`. */
export function problem(status: number, detail: string) {
  const title = reasons[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
  return { type: 'about:blank', title, status, detail };
}

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Whether the answer is for a program: the API and the health check answer JSON. */
const isApi = (url: string) =>
  url.startsWith('/api/') || url === '/health' || url.startsWith('/health?');

/** The values of the GOV.UK page for `status`, rendered by the template it names. */
function page(status: number, message: string, detail: string | undefined) {
  if (status === 404) return { template: 'not-found.njk', values: {} };
  if (status < 500) {
    const heading = headings[status] ?? 'There is a problem with your request';
    return { template: 'bad-request.njk', values: { heading, message, status } };
  }
  return { template: 'error.njk', values: { detail } };
}

async function answer(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  detail?: string,
) {
  reply.code(status);
  if (isApi(req.url)) return reply.type(PROBLEM_TYPE).send(problem(status, message));
  const { template, values } = page(status, message, detail);
  return renderPage(reply, template, values);
}

/** A schema's complaints as one sentence naming each part: `query: Unrecognized key: "x"`. */
function validationMessage(error: FastifyError) {
  const part = error.validationContext === 'querystring' ? 'query' : error.validationContext;
  return (error.validation ?? [])
    .map((v) => {
      const where = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return `${where || part || 'request'}: ${v.message}`;
    })
    .join('; ');
}

/** The status an error stands for: what was asked is at fault (4xx), or we are (500). */
function statusOf(error: FastifyError) {
  if (hasZodFastifySchemaValidationErrors(error) || error.validation) return 400;
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : 500;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const NOT_ALLOWED =
  'This address does not take that method: see its Allow header. Nothing was changed.';

export function setUpErrors(app: FastifyInstance, development: boolean) {
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    // An address that exists, asked with a method it does not take: 405, saying what it takes.
    // (Every API address takes a browser's preflight: that alone makes no address exist.)
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }));
    if (allowed.some((method) => method !== 'OPTIONS')) {
      reply.header('allow', allowed.join(', '));
      return answer(req, reply, 405, NOT_ALLOWED);
    }
    return answer(req, reply, 404, `No API route ${req.method} ${path}`);
  });
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof NotFoundError) return answer(req, reply, 404, error.message);
    const status = statusOf(error);
    if (status >= 500) req.log.error({ err: error }, 'answered 500: %s', error.message);
    const message = error.code?.startsWith('FST_CSRF_')
      ? 'This form has expired or did not come from this service. Go back, reload the page and try again. Nothing was changed.'
      : status === 400 && error.validation
        ? validationMessage(error)
        : status < 500 || development
          ? error.message
          : 'Something went wrong on our side.';
    return answer(req, reply, status, message, development ? error.stack : undefined);
  });
}

/**
 * What fastify cannot route (a `%` sequence that does not decode, a parameter too long): the
 * same answers as every other error, given as the `frameworkErrors` option.
 */
export function frameworkErrorHandler(
  getApp: () => FastifyInstance,
  headers: () => Readonly<Record<string, string>>,
) {
  return (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    // No route, so none of the app's hooks: the security headers are set here.
    reply.headers(headers());
    const status = error.statusCode ?? 400;
    const message =
      error.code === 'FST_ERR_BAD_URL'
        ? 'The web address has a % that is not followed by a valid encoded character.'
        : 'The web address could not be read.';
    if (isApi(req.url)) return reply.code(status).type(PROBLEM_TYPE).send(problem(status, message));
    const { template, values } = page(status, message, undefined);
    // This reply has no route, and so none of the app's decorators: render through the app.
    return getApp()
      .view(template, values)
      .then((html) => reply.code(status).type('text/html; charset=utf-8').send(html))
      .catch((err: unknown) =>
        reply
          .code(status)
          .type(PROBLEM_TYPE)
          .send(problem(status, String(err))),
      );
  };
}

/** The first line of what a client sent, if it got that far: `GET /api/v1/x HTTP/1.1`. */
function requestedPath(raw: unknown) {
  const line = Buffer.isBuffer(raw) ? raw.subarray(0, 2048).toString('latin1') : '';
  return /^[A-Z]+ (\S+)/.exec(line)?.[1] ?? '';
}

/**
 * What Node's HTTP parser refuses before fastify sees a request: headers too large (431), a
 * malformed request line or header (400), a request too slow (408). Answered as a GOV.UK page,
 * or a JSON problem if the address it began with was the API's, then the connection is closed.
 */
export function clientErrorHandler(
  getApp: () => FastifyInstance,
  headers: () => Readonly<Record<string, string>>,
) {
  // Typed as fastify types it; Node passes the bytes read so far as a Buffer.
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    const message =
      status === 431
        ? 'The request’s headers (its cookies, perhaps) are larger than this service accepts.'
        : status === 408
          ? 'The request was not sent in time.'
          : 'The request could not be read: it is not well-formed HTTP.';
    const api = isApi(requestedPath(error.rawPacket));
    const { template, values } = page(status, message, undefined);
    const body: Promise<[string, string]> = api
      ? Promise.resolve([PROBLEM_TYPE, JSON.stringify(problem(status, message))])
      : getApp()
          .view(template, values)
          .then((html) => ['text/html; charset=utf-8', html]);
    void body
      .catch(() => ['text/plain; charset=utf-8', `${status} ${reasons[status]}\n`] as const)
      .then(([type, text]) => {
        if (!socket.writable) return socket.destroy();
        const head = [
          `HTTP/1.1 ${status} ${reasons[status]}`,
          `content-type: ${type}`,
          `content-length: ${Buffer.byteLength(text)}`,
          'connection: close',
          ...Object.entries(headers()).map(([name, value]) => `${name}: ${value}`),
        ];
        socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
      });
  };
}
