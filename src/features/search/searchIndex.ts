// The in-memory index of what the public may see now, built from the services and rebuilt
// when the site's version changes (a recorded change, a release reaching its time, a new day).
import MiniSearch from 'minisearch';
import type { Services } from '../../compose.ts';
import { levelNames } from '../../domain/area.ts';

export const kinds = ['mission', 'goal', 'project', 'indicator', 'area'] as const;
export type Kind = (typeof kinds)[number];

export const kindNames: Record<Kind, string> = {
  mission: 'Mission',
  goal: 'Goal',
  project: 'Project',
  indicator: 'Statistic',
  area: 'Area',
};

export interface SearchDocument {
  id: string;
  kind: Kind;
  title: string;
  /** A line of context: what the thing belongs to or is. */
  context: string;
  /**
   * The records' words in that line, for a page that writes the rest in its own language
   * (`{ mission, government }` of a goal); none for a mission, whose line is all record.
   */
  parts?: Record<string, string>;
  href: string;
  /** Other words it is found by (codes, ambitions), not shown. */
  extra: string;
}

/** Everything searchable, from the services' public lists: nothing embargoed or internal. */
export async function searchDocuments(services: Services): Promise<SearchDocument[]> {
  const [governments, missions, indicators, areas] = await Promise.all([
    services.governments(),
    services.missions.definitions(),
    // Only indicators whose first release has reached its time.
    services.statistics.listIndicators(),
    services.areas.list(),
  ]);
  const governmentName = new Map(governments.map((g) => [g.slug, g.name]));
  const docs: SearchDocument[] = [];
  for (const m of missions) {
    const government = governmentName.get(m.governmentSlug) ?? m.governmentSlug;
    const href = `/missions/${m.slug}`;
    docs.push({
      id: `mission:${m.slug}`,
      kind: 'mission',
      title: m.title,
      context: `${government}: ${m.ambition}`,
      href,
      extra: government,
    });
    for (const g of m.goals)
      docs.push({
        id: `goal:${m.slug}/${g.slug}`,
        kind: 'goal',
        title: g.statement,
        context: `A goal of the mission “${m.title}” (${government})`,
        parts: { mission: m.title, government },
        href: `${href}/goals/${g.slug}`,
        extra: g.slug,
      });
    for (const p of m.projects)
      docs.push({
        id: `project:${m.slug}/${p.slug}`,
        kind: 'project',
        title: p.title,
        context: `A project of the mission “${m.title}”, led by ${p.lead} (${government})`,
        parts: { mission: m.title, lead: p.lead, government },
        href: `${href}/projects/${p.slug}`,
        extra: p.slug,
      });
  }
  // An indicator is found by its series' names too ("waiting list" finds the waiting times).
  const seriesNames = await Promise.all(
    indicators.map(async (i) => [
      ...new Set((await services.statistics.measures(i.id)).map((m) => m.series)),
    ]),
  );
  for (const [n, i] of indicators.entries())
    docs.push({
      id: `indicator:${i.id}`,
      kind: 'indicator',
      title: i.title,
      context: `Official statistic ${i.id}${i.definition ? `: ${i.definition}` : ''}`,
      parts: { id: i.id, definition: i.definition ?? '' },
      href: `/indicators/${encodeURIComponent(i.id)}`,
      extra: [i.id, ...seriesNames[n]!].join(' '),
    });
  for (const a of areas)
    docs.push({
      id: `area:${a.code}`,
      kind: 'area',
      title: a.name,
      context: `${levelNames[a.level]}, ${a.code}${a.current ? '' : ', former area'}`,
      parts: { level: levelNames[a.level], code: a.code, former: a.current ? '' : 'former' },
      href: `/areas/${a.code}`,
      extra: a.code,
    });
  return docs;
}

/** Words split at spaces and punctuation, but a code such as 3.a.1 or E09000007 kept whole. */
const tokenize = (text: string) =>
  text
    .split(/[^\p{L}\p{N}.]+/u)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);

/**
 * A word in lower case with its commonest English endings cut, so that "smoking", "smokers" and
 * "smoke" find one another; short words and codes as they are.
 */
const processTerm = (term: string) => {
  const word = term.toLowerCase();
  if (word.length <= 4 || !/^\p{L}+$/u.test(word)) return word;
  const stem = word.replace(/(?:ing|ers|er|es|ed|s|e)$/, '');
  return stem.length >= 3 ? stem : word;
};

export function buildIndex(docs: SearchDocument[]) {
  const index = new MiniSearch<SearchDocument>({
    fields: ['title', 'extra', 'context'],
    tokenize,
    processTerm,
    storeFields: ['kind', 'title', 'context', 'parts', 'href'],
    searchOptions: {
      tokenize,
      processTerm,
      boost: { title: 3, extra: 2 },
      prefix: true,
      // Short words exactly, longer ones allow a slip of about one letter in five.
      fuzzy: (term) => (term.length > 4 ? 0.2 : false),
      combineWith: 'AND',
    },
  });
  index.addAll(docs);
  return index;
}

export type SearchIndex = ReturnType<typeof buildIndex>;

export interface SearchHit {
  kind: Kind;
  title: string;
  context: string;
  parts?: Record<string, string>;
  href: string;
}

/** The index for the site's current version, built once per version however many ask at once. */
export function createSiteSearch(services: Services) {
  let built: { version: string; index: Promise<SearchIndex> } | undefined;
  const current = async () => {
    const version = await services.version();
    if (built?.version !== version) {
      const index = searchDocuments(services).then(buildIndex);
      built = { version, index };
      // A failed build is not kept: the next question tries again.
      index.catch(() => {
        if (built?.index === index) built = undefined;
      });
    }
    return built.index;
  };
  return {
    async search(query: string, kind?: Kind): Promise<SearchHit[]> {
      const index = await current();
      return index
        .search(query, kind ? { filter: (r) => r.kind === kind } : {})
        .map(({ kind, title, context, parts, href }) => ({ kind, title, context, parts, href }));
    },
  };
}
