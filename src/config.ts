// Configuration read once from the environment into a typed object that is passed in, never
// read at import time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the repository's own files are (bundled data, missions, templates). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database. */
  dataDir: string;
  port: number;
  host: string;
  /** Hide error details from pages and answers: always, unless in development mode. */
  production: boolean;
  /** Files the first start loads. */
  seed: {
    missions: string[];
    statistics: string[];
    /** The publishers' files and their recipes (data/milestones/publications.yaml). */
    publications?: string;
    governance?: string[];
  };
  geographyFile: string;
  /** The largest statistics file an import or check accepts (default: the importer's own). */
  maxImportBytes?: number;
  server: ServerTimeouts;
  /**
   * Which proxies in front may tell the client's address and scheme (`X-Forwarded-For`,
   * `-Proto`): a number of hops, or addresses and ranges. Unset: none, the peer is the client.
   */
  trustProxy?: number | string;
  /** Sign-in at an OpenID Connect provider, beside passwords; absent when not configured. */
  openId?: OpenIdSettings;
  /** Where readers send feedback and report accessibility problems; absent until given. */
  contactEmail?: string;
}

/** A confidential client of one OpenID Connect provider (GOV.UK One Login, Microsoft Entra ID…). */
export interface OpenIdSettings {
  /** The provider's issuer identifier, exactly as its discovery document states it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider as the sign-in button names it: "Sign in with {name}". */
  name: string;
  /** Where the provider sends people back; registered with the provider as it is. */
  redirectUri: string;
}

/**
 * How long the server waits on a client, in milliseconds, so that a slow or silent one cannot
 * hold a connection (and, at shutdown, the database) for as long as it likes.
 */
export interface ServerTimeouts {
  /** All of a request's headers must have arrived within this. */
  headersMs: number;
  /** The whole request, headers and body, must have arrived within this. */
  requestMs: number;
  /** A connection with nothing sent either way for this long is closed. */
  idleMs: number;
  /** How long a kept-alive connection waits for its next request. */
  keepAliveMs: number;
  /** On SIGTERM or SIGINT, how long requests in flight have to finish before their connections are closed. */
  shutdownGraceMs: number;
}

/**
 * Generous for a person on a slow line, short for a client holding connections open: the
 * site takes no uploads, so a request is its headers and at most a small body. Behind a proxy,
 * its idle timeout towards this server should be below `keepAliveMs`.
 */
export const defaultServerTimeouts: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 60_000,
  keepAliveMs: 5_000,
  shutdownGraceMs: 10_000,
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
  }
  const maxImportMib = env.NORTHSTAR_MAX_IMPORT_MIB
    ? Number(env.NORTHSTAR_MAX_IMPORT_MIB)
    : undefined;
  if (maxImportMib !== undefined && !(maxImportMib > 0)) {
    throw new ConfigError(
      `NORTHSTAR_MAX_IMPORT_MIB must be a positive number of MiB, not "${env.NORTHSTAR_MAX_IMPORT_MIB}"`,
    );
  }
  const contactEmail = env.NORTHSTAR_CONTACT_EMAIL || undefined;
  if (contactEmail !== undefined && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(contactEmail)) {
    throw new ConfigError(
      `NORTHSTAR_CONTACT_EMAIL must be an email address like feedback@example.gov.uk, not "${contactEmail}"`,
    );
  }
  const requestMs = seconds(env, 'NORTHSTAR_REQUEST_TIMEOUT_S', defaultServerTimeouts.requestMs);
  const server: ServerTimeouts = {
    ...defaultServerTimeouts,
    requestMs,
    // Headers are part of the request: never given longer than all of it.
    headersMs: Math.min(defaultServerTimeouts.headersMs, requestMs),
    shutdownGraceMs: seconds(
      env,
      'NORTHSTAR_SHUTDOWN_GRACE_S',
      defaultServerTimeouts.shutdownGraceMs,
    ),
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return {
    databaseUrl,
    dataDir: path.resolve(cwd, env.NORTHSTAR_DATA_DIR || '.northstar'),
    port,
    host: env.HOST || 'localhost',
    production: !(env.NODE_ENV === 'development' || env.NORTHSTAR_DEV === '1'),
    seed: {
      missions: [
        path.join(ROOT, 'missions', 'uk.yaml'),
        path.join(ROOT, 'missions', 'camden.yaml'),
      ],
      governance: [path.join(ROOT, 'missions', 'uk-governance.yaml')],
      statistics: [path.join(ROOT, 'data', 'uk-sdg')],
      publications: path.join(ROOT, 'data', 'milestones', 'publications.yaml'),
    },
    geographyFile: path.join(ROOT, 'data', 'geography', 'area_all_codes.csv'),
    maxImportBytes: maxImportMib && maxImportMib * 2 ** 20,
    server,
    trustProxy: trustProxySetting(env.NORTHSTAR_TRUST_PROXY),
    openId: openIdSettings(env),
    contactEmail,
  };
}

const OIDC_VARIABLES = [
  'NORTHSTAR_OIDC_ISSUER',
  'NORTHSTAR_OIDC_CLIENT_ID',
  'NORTHSTAR_OIDC_CLIENT_SECRET',
  'NORTHSTAR_OIDC_NAME',
] as const;
const OIDC_REQUIRED = [
  'NORTHSTAR_OIDC_ISSUER',
  'NORTHSTAR_OIDC_CLIENT_ID',
  'NORTHSTAR_OIDC_CLIENT_SECRET',
  'NORTHSTAR_PUBLIC_URL',
] as const;

/**
 * OpenID Connect sign-in, all of it or none: half a configuration is refused at start, not
 * found out when the first person presses the button.
 */
/** `NORTHSTAR_TRUST_PROXY`: a number of hops (`1`), or addresses and ranges (`127.0.0.1,10.0.0.0/8`). */
function trustProxySetting(value: string | undefined): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const address = /^(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?|[0-9a-f]*:[0-9a-f:]*(\/\d{1,3})?)$/i;
  if (value.split(',').every((part) => address.test(part.trim()))) return value;
  throw new ConfigError(
    `NORTHSTAR_TRUST_PROXY must be a number of proxies (1) or their addresses (127.0.0.1,10.0.0.0/8), not "${value}"`,
  );
}

function openIdSettings(env: NodeJS.ProcessEnv): OpenIdSettings | undefined {
  const given = OIDC_VARIABLES.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  const missing = OIDC_REQUIRED.filter((name) => !env[name]);
  if (missing.length)
    throw new ConfigError(
      `Sign-in with OpenID Connect needs ${missing.join(', ')} as well as ${given.join(', ')}`,
    );
  const issuer = webAddress(env, 'NORTHSTAR_OIDC_ISSUER');
  // The provider's tokens and keys travel on this address: plain HTTP only on this machine.
  if (issuer.protocol !== 'https:' && !isLoopback(issuer))
    throw new ConfigError(
      `NORTHSTAR_OIDC_ISSUER must be an https:// address (http:// only on localhost), not "${env.NORTHSTAR_OIDC_ISSUER}"`,
    );
  const publicUrl = webAddress(env, 'NORTHSTAR_PUBLIC_URL');
  return {
    issuer: env.NORTHSTAR_OIDC_ISSUER!,
    clientId: env.NORTHSTAR_OIDC_CLIENT_ID!,
    clientSecret: env.NORTHSTAR_OIDC_CLIENT_SECRET!,
    name: env.NORTHSTAR_OIDC_NAME || 'your organisation’s account',
    redirectUri: `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, '')}/sign-in/openid/callback`,
  };
}

/** An http(s) address with nothing after its path, from the environment. */
function webAddress(env: NodeJS.ProcessEnv, name: string): URL {
  const value = env[name]!;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username)
    throw new ConfigError(`${name} must be an http:// or https:// address, not "${value}"`);
  return url;
}

/** Whether an address is on this machine (for providers run locally, in tests). */
export const isLoopback = (url: URL) =>
  url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';

/** A positive number of seconds from the environment, as milliseconds, or `fallbackMs`. */
function seconds(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallbackMs;
  const parsed = Number(value);
  if (!(parsed > 0) || !Number.isFinite(parsed)) {
    throw new ConfigError(`${name} must be a positive number of seconds, not "${value}"`);
  }
  return Math.max(1, Math.round(parsed * 1000));
}
