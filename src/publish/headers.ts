// The security and caching headers for the web server or CDN that serves the published copy, from the one
// definition the Northstar server sends (platform/http/security.ts): `_headers` for Netlify
// and Cloudflare Pages, and a snippet for nginx. Pages also state the policy in a <meta>
// element, but only a header can forbid framing and sniffing.
import { securityHeaders } from '../platform/http/security.ts';
import { PUBLIC_CACHE_CONTROL } from '../platform/http/cache.ts';
import { CORS_HEADERS } from '../platform/http/cors.ts';

/** `x-content-type-options` → `X-Content-Type-Options`, as header files spell them. */
const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase());

// With them, the server's Cache-Control: a copy may be kept but is checked before each use
// (the host's own ETag and Last-Modified answer that check with a 304).
const headers = [
  ...Object.entries(securityHeaders).map(([name, value]) => [headerName(name), value]),
  ['Cache-Control', PUBLIC_CACHE_CONTROL],
];

// The API's answers may be read by any web page, as the server allows (cors.ts).
const apiHeaders = Object.entries(CORS_HEADERS).map(([name, value]) => [headerName(name), value]);

/** The types of published files that a stock nginx (Debian's `mime.types`) does not know. */
const missingTypes = {
  csv: 'text/csv; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const netlify = [
  '# Security headers for every published file, as the Northstar server sends them',
  '# (Netlify and Cloudflare Pages read this file), and the cross-origin headers of the API.',
  '/*',
  ...headers.map(([name, value]) => `  ${name}: ${value}`),
  '/api/*',
  ...apiHeaders.map(([name, value]) => `  ${name}: ${value}`),
  '',
].join('\n');

const addHeader = ([name, value]: string[]) => `add_header ${name} "${value}" always;`;

const nginx = [
  '# Security headers for the published site, as the Northstar server sends them. In the nginx',
  '# server block that serves this folder:  include /path/to/this/folder/nginx-security-headers.conf;',
  '# nginx drops these in a location of yours that sets add_header itself: repeat them there.',
  ...headers.map(addHeader),
  '# The API answers, readable by any web page; their location repeats the headers above.',
  'location /api/ {',
  ...[...headers, ...apiHeaders].map((header) => `  ${addHeader(header)}`),
  '}',
  '# Files whose type mime.types lacks: served as what they are, not as downloads.',
  ...Object.entries(missingTypes).map(
    ([extension, type]) => `location ~ \\.${extension}$ { default_type "${type}"; }`,
  ),
  '',
].join('\n');

/** Each shipped header file by its name in the published folder. */
export const headerFiles: Readonly<Record<string, string>> = {
  _headers: netlify,
  'nginx-security-headers.conf': nginx,
};
