// Every public page in English at its address and in Welsh under `/cy`: `/cy/missions/nhs` is
// `/missions/nhs` in Welsh. The routes are the same; the address is read once, before routing,
// and the page is rendered by the Welsh templates with its links kept in Welsh.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Language } from '../../domain/format.ts';

export type { Language } from '../../domain/format.ts';
export const LANGUAGES: readonly Language[] = ['en', 'cy'];

/** Addresses that are the same in either language: files (`.csv`, `.pdf`; an indicator such as
 * `3.4.2` is a page) and the API. */
const SHARED = /^\/(?:assets|api|open-data)\/|\.[a-z][a-z0-9]*$/i;

const welshRequests = new WeakSet<IncomingMessage>();

/**
 * Fastify's `rewriteUrl`: `/cy/missions?x=1` is routed as `/missions?x=1`, remembered as Welsh.
 * An address shared by both languages is left alone under `/cy`, and so is not found.
 */
export function routeWelsh(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const welsh = /^\/cy(?=$|[/?])/.exec(url);
  if (!welsh) return url;
  const rest = url.slice(3);
  const english = rest.startsWith('/') ? rest : `/${rest}`;
  if (SHARED.test(english.split('?')[0]!)) return url;
  welshRequests.add(req);
  return english;
}

export const languageOf = (req: FastifyRequest): Language =>
  welshRequests.has(req.raw) ? 'cy' : 'en';

/** A page's address in `language`: `/missions` → `/cy/missions`, `/` → `/cy`. */
export function addressIn(language: Language, url: string): string {
  if (language === 'en' || SHARED.test(url.split('?')[0]!)) return url;
  return url === '/' || url.startsWith('/?') ? `/cy${url.slice(1)}` : `/cy${url}`;
}

/**
 * A Welsh page's own links and forms kept in Welsh: each same-site address but files and the
 * API gets `/cy`. The language toggle's link (`hreflang="en"`, written before its `href`) is
 * the one English address left.
 */
export function linksIn(language: Language, html: string): string {
  if (language === 'en') return html;
  return html.replace(
    /(?<!hreflang="en" )\b(href|action)="(\/[^"]*)"/g,
    (_all, name: string, url: string) => `${name}="${addressIn('cy', url)}"`,
  );
}

/** A catalogue: each English interface string and its Welsh. */
export type Catalogue = Readonly<Record<string, string>>;

/** Every `cy.json` beside the templates, as one catalogue; a string defined twice is an error. */
export function welshCatalogue(viewFolders: readonly string[]): Catalogue {
  const catalogue: Record<string, string> = {};
  for (const folder of viewFolders) {
    const file = path.join(folder, 'cy.json');
    if (!fs.existsSync(file)) continue;
    const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    for (const [english, welsh] of Object.entries(entries)) {
      if (english in catalogue && catalogue[english] !== welsh)
        throw new Error(`${file}: "${english}" is already translated differently elsewhere`);
      catalogue[english] = welsh;
    }
  }
  return catalogue;
}

/** An interface string in a page's language, with `{name}` filled from `values`. */
export type Translate = (text: unknown, values?: Record<string, unknown>) => string;

/**
 * An interface string in `language`, with `{name}` filled from `values`: in Welsh from the
 * catalogue, in English (and where no Welsh is given yet) as written.
 */
export function translator(language: Language, catalogue: Catalogue): Translate {
  return (text, values) => {
    const english = String(text ?? '');
    const phrase = language === 'cy' ? (catalogue[english] ?? english) : english;
    if (!values) return phrase;
    return phrase.replace(/\{(\w+)\}/g, (all, name: string) =>
      name in values ? String(values[name]) : all,
    );
  };
}

/** The interface's words as written: for what is rendered outside a page's language. */
export const english: Translate = translator('en', {});
