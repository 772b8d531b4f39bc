// Errors, handled once: an API request gets a JSON problem body, a page request a GOV.UK page
// (404 "Page not found", other 4xx "There is a problem with your request", 5xx "Sorry…"),
// whatever raised it: a handler, validation, or a route that does not exist.
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
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

/** The JSON body of every API error. */
export function problem(statusCode: number, message: string) {
  const error =
    reasons[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Bad Request');
  return { statusCode, error, message };
}

const isApi = (url: string) => url.startsWith('/api/');

async function answer(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  detail?: string,
) {
  reply.code(status);
  if (isApi(req.url)) return problem(status, message);
  if (status === 404) return reply.view('not-found.njk');
  if (status < 500) return reply.view('bad-request.njk', { message });
  return reply.view('error.njk', { detail });
}

export function setUpErrors(app: FastifyInstance, production: boolean) {
  app.setNotFoundHandler((req, reply) =>
    answer(req, reply, 404, `No API route ${req.method} ${req.url.split('?')[0]}`),
  );
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof NotFoundError) return answer(req, reply, 404, error.message);
    const invalid = hasZodFastifySchemaValidationErrors(error);
    const status = invalid || error.validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500) req.log.error(error);
    const message = invalid
      ? error.validation
          .map((v) => `${v.instancePath.replace(/^\//, '') || 'request'}: ${v.message}`)
          .join('; ')
      : status >= 500 && production
        ? 'Something went wrong on our side.'
        : error.message;
    return answer(req, reply, status, message, production ? undefined : error.stack);
  });
}
