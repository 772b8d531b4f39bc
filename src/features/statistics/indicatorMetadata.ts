// What an indicator's source metadata says about it, as the indicator page lists it: the
// publisher, release dates, contact, methodology and caveats. Open SDG files number their
// sources (`source_contact_1`, `source_contact_2`, …); the publishers' own files (recipes) give
// one of each (`contact`, `published`, `next_release`, `methodology`, `caveats`).
import { formatDate } from '../../domain/format.ts';
import { isWebAddress } from '../../domain/url.ts';
import type { Indicator } from './store.ts';

/** One value of a row: text, a link, or an email address to write to. */
export interface MetadataItem {
  text: string;
  href?: string;
  /** The source it comes from, where the indicator has several that differ. */
  from?: string;
  /** `text` is the page's own words ("Higher", "See each series"), not the publisher's. */
  phrase?: boolean;
  /** `text` is this date (YYYY-MM-DD), written out: the page writes it in its language. */
  date?: string;
  /** A next release expected from how often the figures come out, not announced. */
  expected?: boolean;
}

export interface MetadataRow {
  key: string;
  /** Empty when the metadata does not say: the page reads "Not published". */
  items: MetadataItem[];
  /** Long text (methodology, caveats): shown as paragraphs. */
  long?: boolean;
}

/** Text from metadata that may hold HTML: tags dropped, the common entities read; null if blank. */
export function plainText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  // Open SDG files often fill a field they have nothing for with "NA".
  return text && !/^(n\/?a|none|-)$/i.test(text) ? text : null;
}

/** `16/05/2023` or `2023-05-16` as `16 May 2023`; other text ("See source link") as it is. */
function dateItem(value: string): MetadataItem {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso))
    ? { text: formatDate(iso), date: iso }
    : { text: value };
}

const frequencyWords: Record<string, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annual: 'Annually',
};

/** What follows a next release's date that the publisher has not announced. */
const EXPECTED = 'expected from how often the figures come out; not announced';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function contactItem(text: string): MetadataItem {
  return EMAIL.test(text) ? { text, href: `mailto:${text}` } : { text };
}

/** The numbered sources of an Open SDG file that are in use, with their fields by name. */
function numberedSources(meta: Record<string, unknown>) {
  const numbers = new Set<number>();
  for (const key of Object.keys(meta)) {
    const match = /^source_[a-z_]+_(\d+)$/.exec(key);
    if (match) numbers.add(Number(match[1]));
  }
  return [...numbers]
    .sort((a, b) => a - b)
    .filter((n) => meta[`source_active_${n}`] !== false)
    .map((n) => (field: string) => plainText(meta[`source_${field}_${n}`]));
}

/** The distinct values of one field over the sources, each named by its source if they differ. */
function fromSources(
  sources: ((field: string) => string | null)[],
  field: string,
  item: (text: string) => MetadataItem,
): MetadataItem[] {
  const found = sources.flatMap((get) => {
    const text = get(field);
    return text
      ? [{ ...item(text), from: get('url_text') ?? get('organisation') ?? undefined }]
      : [];
  });
  const distinct = found.filter((f, i) => found.findIndex((g) => g.text === f.text) === i);
  return distinct.length > 1 ? distinct : distinct.map(({ from: _from, ...rest }) => rest);
}

/**
 * The day the publisher says it published the figures (ISO date): the recipe's `published`, or
 * else the latest release date of the Open SDG file's sources; null if none is a date.
 */
export function publishedDate(meta: Record<string, unknown>): string | null {
  const own = plainText(meta.published);
  const stated = own ? [own] : numberedSources(meta).map((get) => get('release_date'));
  const dates = stated.flatMap((text) => {
    const date = text ? dateItem(text).date : undefined;
    return date ? [date] : [];
  });
  return dates.sort().at(-1) ?? null;
}

/**
 * What an Open SDG file's sources say of their next release: the dates they give (ISO, oldest
 * first) and their other words ("February 2024 (provisional)", "Discontinued"), each once.
 */
export function statedNextRelease(meta: Record<string, unknown>): {
  dates: string[];
  words: string[];
} {
  const dates = new Set<string>();
  const words = new Set<string>();
  for (const get of numberedSources(meta)) {
    const text = get('next_release');
    if (!text) continue;
    const { date } = dateItem(text);
    if (date) dates.add(date);
    else words.add(text);
  }
  return { dates: [...dates].sort(), words: [...words] };
}

/** A chart's source line: the publisher and its publication ("ONS, Labour market statistics"). */
export function sourceLine(indicator: Indicator): string | undefined {
  const { organisation, title } = indicator.source as { organisation?: string; title?: string };
  const publisher = typeof indicator.meta.publisher === 'string' ? indicator.meta.publisher : '';
  return [organisation ?? publisher, title].filter(Boolean).join(', ') || undefined;
}

/** The rows of the indicator page's "About these statistics", in the order a reader wants. */
export function indicatorMetadata(indicator: Indicator): MetadataRow[] {
  const meta = indicator.meta;
  const sources = numberedSources(meta);
  const own = (key: string) => plainText(meta[key]);
  const one = (
    text: string | null | undefined,
    item = (t: string): MetadataItem => ({ text: t }),
  ) => (text ? [item(text)] : []);
  const phrase = (text: string): MetadataItem => ({ text, phrase: true });
  const organisation = (indicator.source as { organisation?: string }).organisation;

  const publisher = [
    ...one(organisation ?? own('publisher')),
    ...fromSources(sources, 'organisation', (text) => ({ text })),
  ].filter((p, i, all) => all.findIndex((q) => q.text === p.text) === i);
  const published = own('published');
  const next = own('next_release');
  const methodologyLink = own('goal_meta_link');
  const caveats = [
    ...one(own('caveats')),
    ...one(own('data_footnote')),
    ...fromSources(sources, 'other_info', (text) => ({ text })),
    ...one(own('other_info')),
  ];
  return [
    { key: 'Definition', items: one(plainText(indicator.definition)), long: true },
    { key: 'Unit', items: indicator.unit ? one(indicator.unit) : [phrase('See each series')] },
    {
      key: 'Better when',
      items: [
        phrase(
          indicator.direction
            ? indicator.direction === 'higher'
              ? 'Higher'
              : 'Lower'
            : 'Not stated',
        ),
      ],
    },
    { key: 'Publisher', items: publisher.map((p) => ({ text: p.text })) },
    {
      key: 'Release date',
      items: published ? [dateItem(published)] : fromSources(sources, 'release_date', dateItem),
    },
    {
      key: 'Next release',
      items: next
        ? [
            meta.next_release_expected === true
              ? {
                  ...dateItem(next),
                  text: `${dateItem(next).text} (${EXPECTED})`,
                  expected: true,
                }
              : dateItem(next),
          ]
        : fromSources(sources, 'next_release', dateItem),
    },
    {
      key: 'How often',
      items: [
        // A recipe's frequency, from which an unannounced next release is expected.
        ...one(frequencyWords[String(meta.frequency)], phrase),
        ...fromSources(sources, 'periodicity', (text) => ({ text })),
      ],
    },
    {
      key: 'Contact',
      items: [
        ...one(own('contact'), contactItem),
        ...fromSources(sources, 'contact', contactItem),
      ].filter((c, i, all) => all.findIndex((d) => d.text === c.text) === i),
    },
    {
      key: 'Methodology',
      long: true,
      items: [
        ...one(own('methodology')),
        ...one(own('computation_calculations')),
        ...(methodologyLink && isWebAddress(methodologyLink)
          ? [{ text: own('goal_meta_link_text') ?? methodologyLink, href: methodologyLink }]
          : []),
      ],
    },
    { key: 'Caveats', items: caveats, long: true },
    { key: 'Licence', items: one(indicator.source.licence) },
  ];
}
