// Nunjucks with the GOV.UK Frontend templates on the search path, each feature's own views,
// and the filters the pages share. Numbers, dates and targets are written by the domain's
// formatters, so a page and the API's words agree.
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import { ROOT } from '../../config.ts';
import { statusColours, statusLabels } from '../../domain/status.ts';
import { levelNames } from '../../domain/area.ts';
import { standingLabels } from '../../domain/partners.ts';
import { governmentPath } from '../../domain/government.ts';
import { openSdgReason } from '../../domain/assessmentWords.ts';
import {
  formatDate,
  formatValue,
  projectionShown,
  chanceText,
  periodInSentence,
  periodLabel,
  targetPhrase,
} from '../../domain/format.ts';
import {
  LANGUAGES,
  addressIn,
  languageOf,
  linksIn,
  translator,
  welshCatalogue,
  type Catalogue,
  type Language,
} from './language.ts';
import { safeLink } from '../../domain/url.ts';
import { pageContentSecurityPolicy } from './security.ts';
import { renderSparkline } from './chart.ts';

export const govukDist = path.join(ROOT, 'node_modules', 'govuk-frontend', 'dist');
const platformViews = path.join(ROOT, 'src', 'platform', 'http', 'views');

/** The reply's decorator that renders in each language: `reply.view`, `reply.viewWelsh`. */
const viewProperty: Record<Language, string> = { en: 'view', cy: 'viewWelsh' };

/**
 * `{% from "x" import y %}` without `with context` runs x's top level again on every render to
 * collect its macros, and GOV.UK Frontend's components import one another on every call: about
 * a fifth of the pages' rendering time. Such an import sees only the environment's globals,
 * which do not change, so a template's macros are collected once and reused. An import `with
 * context` (which passes the page's variables) is run each time, as before.
 */
type Exporter = (this: object, ...args: unknown[]) => void;
const templatePrototype = (nunjucks.Template as unknown as { prototype: { getExported: Exporter } })
  .prototype;
const collectExports = templatePrototype.getExported;
const collected = new WeakMap<object, unknown>();
templatePrototype.getExported = function (this: object, ...args: unknown[]) {
  const done = args[0];
  if (args.length !== 1 || typeof done !== 'function') return collectExports.apply(this, args);
  if (collected.has(this)) return done(null, collected.get(this));
  collectExports.call(this, (error: unknown, exported: unknown) => {
    if (!error) collected.set(this, exported);
    done(error, exported);
  });
};

/** Each label of a record of labels in `language`. */
const labelsIn = (t: ReturnType<typeof translator>, labels: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, t(label)]));

/**
 * One nunjucks environment per language, alike but for its words: a template's `t` gives
 * the string in the page's language (see language.ts), and dates, targets and labels follow.
 * Returns the Welsh catalogue, for words written outside a template (a chart's).
 */
export async function setUpTemplates(
  app: FastifyInstance,
  views: string[],
  globals: Record<string, unknown>,
): Promise<Catalogue> {
  const catalogue = welshCatalogue([platformViews, ...views]);
  for (const language of LANGUAGES)
    await setUpLanguage(app, views, globals, language, language === 'cy' ? catalogue : {});
  return catalogue;
}

function setUpLanguage(
  app: FastifyInstance,
  views: string[],
  globals: Record<string, unknown>,
  language: Language,
  catalogue: Catalogue,
) {
  const t = translator(language, catalogue);
  return app.register(fastifyView, {
    engine: { nunjucks },
    templates: [platformViews, ...views, govukDist],
    propertyName: viewProperty[language],
    options: {
      onConfigure(env: nunjucks.Environment) {
        env.addGlobal('serviceName', 'Northstar');
        env.addGlobal('language', language);
        env.addGlobal('htmlLang', language);
        env.addGlobal('t', t);
        env.addGlobal('statusLabels', labelsIn(t, statusLabels));
        env.addGlobal('statusColours', statusColours);
        env.addGlobal('levelNames', labelsIn(t, levelNames));
        env.addGlobal('standingLabels', labelsIn(t, standingLabels));
        env.addGlobal('governmentPath', governmentPath);
        // Breadcrumbs and other lists of links written in the handlers, in the page's language.
        env.addGlobal('translateTexts', (items: { text?: string }[] | undefined) =>
          items?.map((item) => (item.text === undefined ? item : { ...item, text: t(item.text) })),
        );
        env.addGlobal('contentSecurityPolicy', pageContentSecurityPolicy);
        env.addGlobal('projectionShown', projectionShown);
        env.addGlobal('chance', (probability: number) => chanceText(probability, language));
        env.addGlobal('openSdgReason', (reason: string) => openSdgReason(reason, language));
        for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
        const british = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });
        env.addFilter('number', (value: unknown, digits = 4) =>
          typeof value === 'number' ? british.format(Number(value.toPrecision(digits))) : '',
        );
        env.addFilter('date', (value: unknown) =>
          typeof value === 'string' || value instanceof Date ? formatDate(value, language) : '',
        );
        // Text from records (a mission's title, a publisher's words) is in English: on a Welsh
        // page it is marked so, for screen readers and translation tools.
        env.addFilter('en', (value: unknown) =>
          language === 'en'
            ? value
            : new nunjucks.runtime.SafeString(
                `<span lang="en">${String(env.getFilter('escape')(String(value ?? '')))}</span>`,
              ),
        );
        env.addFilter('basename', (value: unknown) => path.basename(String(value)));
        env.addFilter('targetText', (target: Parameters<typeof targetPhrase>[0], unit?: string) =>
          targetPhrase(target, unit, language),
        );
        // Links from data: a stored address that could run a script is shown as text.
        env.addFilter('safeUrl', (value: unknown) => safeLink(value) ?? '');
        env.addFilter('sparkline', renderSparkline);
        // GOV.UK Frontend trims every component's HTML, and nunjucks' own `trim` runs a regular
        // expression from every position of it: about a twentieth of a publish (CPU profile).
        // The same whitespace goes, and safe text stays safe.
        env.addFilter('trim', (value: unknown) =>
          value instanceof nunjucks.runtime.SafeString
            ? new nunjucks.runtime.SafeString(String(value).trim())
            : String(value ?? '').trim(),
        );
        // A period's label in the page's language where its words can be (`periodLabel`), else
        // as published and marked as English; in a sentence, "the year ending …".
        env.addFilter('period', (value: unknown, inSentence = false) => {
          const label = String(value ?? '');
          if (language !== 'en' && periodLabel(label, language) === null)
            return env.getFilter('en')(label);
          return inSentence ? periodInSentence(label, language) : periodLabel(label, language);
        });
        env.addFilter('value', (value: unknown, unit?: string | null, decimals?: number) =>
          typeof value === 'number' ? formatValue(value, unit, decimals, language) : '',
        );
      },
    },
  });
}

/**
 * A page in the language its address asks for (see language.ts), with the toggle's address in
 * the other language, sent as HTML.
 */
export async function renderPage(
  reply: FastifyReply,
  template: string,
  values: Record<string, unknown>,
) {
  const language = languageOf(reply.request);
  // A page not found has no other-language page: its toggle leads home.
  const english = reply.statusCode === 404 ? '/' : reply.request.url;
  const render = (reply as unknown as Record<string, (t: string, v: object) => Promise<string>>)[
    `${viewProperty[language]}Async`
  ]!;
  const html = await render.call(reply, template, {
    ...values,
    otherLanguage: language === 'en' ? { address: addressIn('cy', english) } : { address: english },
  });
  return reply.type('text/html; charset=utf-8').send(linksIn(language, html));
}
