// Files uploaded in the workspace: multipart forms read by @fastify/multipart, registered only
// in the statistics workspace's scope, with the importer's own limit on a file's size.
//
// The guard checks a form's CSRF token in a preValidation hook of the whole app, which runs
// before any hook of this scope, so before @fastify/multipart reads the body (even with
// `attachFieldsToBody`, whose hook is this scope's). So the upload form sends its `_csrf`
// field first, and `csrfFieldFirst` reads just that first part as the body arrives, hands the
// token to the guard as the `x-csrf-token` header it also accepts, and puts the bytes back for
// @fastify/multipart to read whole. Nothing of the file is read until the guard has let the
// request through.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest, RequestPayload } from 'fastify';
import fastifyMultipart from '@fastify/multipart';

/** How much of a body is read, at most, looking for its first field. */
const FIRST_PART_BYTES = 16 * 1024;

export function setUpUploads(scope: FastifyInstance, maxFileBytes: number) {
  return scope.register(fastifyMultipart, {
    // A file field and a token: nothing more to parse.
    limits: { fileSize: maxFileBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    // Too large is said on the form, not as an error page.
    throwFileSizeLimit: false,
  });
}

/** The first part of a multipart body, if all of it is in `head`. */
function firstPart(head: Buffer, boundary: string) {
  const text = head.toString('latin1');
  const delimiter = `--${boundary}`;
  // The first delimiter opens the body, or follows a preamble's line.
  const preamble = text.startsWith(delimiter) ? -2 : text.indexOf(`\r\n${delimiter}`);
  if (preamble === -1) return undefined;
  const opening = preamble + 2;
  const headersStart = text.indexOf('\r\n', opening);
  const headersEnd = text.indexOf('\r\n\r\n', headersStart);
  const end = text.indexOf(`\r\n${delimiter}`, headersEnd + 4);
  if (headersStart < 0 || headersEnd < 0 || end < 0) return undefined;
  const headers = text.slice(headersStart + 2, headersEnd);
  const name = /^content-disposition:\s*form-data;\s*name="([^"]*)"\s*$/im.exec(headers)?.[1];
  const value = Buffer.from(text.slice(headersEnd + 4, end), 'latin1').toString('utf8');
  return { name, value };
}

/**
 * Reads from `stream` until `enough` says so (or `max` bytes, or its end), then puts what it
 * read back at its front, at once: before the stream can end, so it can still be read whole.
 */
function peek(stream: Readable, enough: (head: Buffer) => boolean, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = (error?: Error) => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', stop);
      const head = Buffer.concat(chunks);
      if (error) return reject(error);
      if (head.length && !stream.readableEnded) stream.unshift(head);
      resolve(head);
    };
    const onEnd = () => stop();
    const onReadable = () => {
      for (let chunk: Buffer | null; (chunk = stream.read() as Buffer | null) !== null;) {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= max || enough(Buffer.concat(chunks))) return stop();
      }
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', stop);
  });
}

/** A route's preParsing hook: the `_csrf` field that comes first, given to the guard. */
export async function csrfFieldFirst(
  req: FastifyRequest,
  _reply: unknown,
  payload: RequestPayload,
): Promise<RequestPayload> {
  const type = req.headers['content-type'] ?? '';
  const boundary = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!boundary) return payload;
  const delimiter = boundary[1] ?? boundary[2]!;
  const head = await peek(
    payload,
    (bytes) => firstPart(bytes, delimiter) !== undefined,
    FIRST_PART_BYTES,
  );
  const first = firstPart(head, delimiter);
  if (first?.name === '_csrf') req.headers['x-csrf-token'] = first.value;
  return payload;
}

export interface UploadedFile {
  /** The name the browser gave, as sent. */
  fileName: string;
  bytes: Buffer;
  /** Larger than the limit: `bytes` holds only the start of it. */
  tooLarge: boolean;
}

/** The form's file, if one was chosen. */
export async function readUpload(req: FastifyRequest): Promise<UploadedFile | undefined> {
  const part = req.isMultipart() ? await req.file() : undefined;
  if (!part || part.fieldname !== 'file' || !part.filename) {
    await part?.toBuffer();
    return undefined;
  }
  const bytes = await part.toBuffer();
  return { fileName: part.filename, bytes, tooLarge: part.file.truncated };
}

/** A name safe to write on disk, keeping what the importer reads in it (`indicator_3-a-1.csv`). */
export const safeFileName = (name: string) =>
  path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '')
    .slice(-120) || 'upload.csv';

/**
 * Writes `bytes` as `fileName` in a folder of its own that only this user can read, runs
 * `work` on its path, and removes the folder whatever happens.
 */
export async function withFile<T>(
  fileName: string,
  bytes: Buffer,
  work: (file: string) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-upload-'));
  try {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    return await work(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `200 MB`, `4 KB`: a limit in the words the form uses. */
export function sizeText(bytes: number): string {
  if (bytes >= 2 ** 20) return `${Number((bytes / 2 ** 20).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
