// What an update changed, field by field, as the change log and a goal's history show it.
import { governanceKindNames } from '../../domain/governance.ts';
import { formatDate, formatValue, targetPhrase } from '../../domain/format.ts';
import type { Comparator } from '../../domain/mission.ts';
import type { Language } from '../../platform/http/language.ts';

/** A value as words: a list's items joined, an item's fields named, no JSON braces. */
const plain = (value: unknown): string =>
  value === null || value === undefined
    ? 'none'
    : Array.isArray(value)
      ? value.length
        ? value.map(plain).join('; ')
        : 'none'
      : typeof value === 'object'
        ? Object.entries(value)
            .map(([name, v]) => `${name} ${plain(v)}`)
            .join(', ')
        : String(value);

/** At most `max` characters: a longer text is cut after a whole word, and "…" added. */
function clip(text: string, max = 120): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const wordEnd = cut.lastIndexOf(' ');
  return `${(wordEnd > max / 2 ? cut.slice(0, wordEnd) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

const shortText = (value: unknown) => clip(plain(value));

const baseName = (value: unknown) =>
  typeof value === 'string' ? (value.split(/[\\/]/).pop() ?? '') : value;

/** A record as published: an import's file by its name only, never its path on the server. */
export const withoutPaths = (value: unknown) =>
  value && typeof value === 'object' && 'file' in value
    ? { ...value, file: baseName((value as { file: unknown }).file) }
    : value;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record's fields, those within a field (a target's deadline) named by their path. */
function flatten(record: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [name, value] of Object.entries(record)) {
    if (isPlainObject(value) && Object.keys(value).length)
      for (const [inner, v] of flatten(value, `${prefix}${name}.`)) fields.set(inner, v);
    else fields.set(`${prefix}${name}`, value);
  }
  return fields;
}

/**
 * The fields an update changed, with their old and new values in words: a field within a
 * field (`target.deadline`) on its own, so a long text that changed at its end is not cut
 * before the change.
 */
export function describeChanges(before: unknown, after: unknown) {
  if (!isPlainObject(before) || !isPlainObject(after)) return [];
  const b = flatten(before);
  const a = flatten(after);
  return (
    [...new Set([...b.keys(), ...a.keys()])]
      // A field left out and a field set to nothing are the same: nothing to show.
      .filter(
        (field) => JSON.stringify(b.get(field) ?? null) !== JSON.stringify(a.get(field) ?? null),
      )
      .map((field) =>
        // An import may record where its file was on the server: only the file's name is shown.
        field === 'file'
          ? {
              field,
              before: shortText(baseName(b.get(field))),
              after: shortText(baseName(a.get(field))),
            }
          : { field, before: shortText(b.get(field)), after: shortText(a.get(field)) },
      )
  );
}

/**
 * A sentence in words, in parts: the interface's words, and text from a record (a title, a
 * name, a description), which stays in English on a Welsh page and is marked so.
 */
export type Part = { text: string; en?: true };
type Piece = string | { en: string } | null | undefined | false;
const en = (text: string): Piece => (text ? { en: text } : '');
const parts = (...pieces: Piece[]): Part[] =>
  pieces.flatMap((p) =>
    !p ? [] : typeof p === 'string' ? [{ text: p }] : [{ text: p.en, en: true as const }],
  );
const joined = (ps: Part[]) => ps.map((p) => p.text).join('');

/** What governance records are called in the change log. */
const governanceWords: Partial<Record<string, string>> = governanceKindNames;
const governanceWelsh: Partial<Record<string, string>> = {
  board: 'bwrdd',
  'mandate-letter': 'llythyr mandad',
  stocktake: 'adolygiad cynnydd',
  decision: 'penderfyniad',
  action: 'cam gweithredu',
  risk: 'risg',
  evaluation: 'gwerthusiad',
  process: 'proses gydgynghorol',
};
const verbs: Record<string, string> = { create: 'Recorded', update: 'Changed', delete: 'Removed' };
const verbsWelsh: Record<string, string> = {
  create: 'Cofnodwyd',
  update: 'Newidiwyd',
  delete: 'Dilëwyd',
};
const cadencesWelsh: Record<string, string> = {
  monthly: 'bob mis',
  quarterly: 'bob chwarter',
  'half-yearly': 'bob hanner blwyddyn',
};
const evaluationWelsh: Record<string, string> = {
  impact: 'effaith',
  process: 'proses',
  'value-for-money': 'gwerth am arian',
  planned: 'wedi’i gynllunio',
  ongoing: 'ar waith',
  complete: 'wedi’i gwblhau',
};

type EventFields = {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

/**
 * A change-log event in words: `Create mission growth` for most, and for a governance record
 * what it is and of which mission (`Recorded risk 2 of the mission ‘Build an NHS fit for the
 * future’: …`, titles from `missionTitles`), with a line on what a new record says. Otherwise
 * only what the event itself records is used, and the public change log never holds an
 * internal record's events. In Welsh (`language`), the words are Welsh and
 * the records' own text stays English, a part marked so (`titleParts`, `summaryParts`).
 */
export function describeEvent(
  e: EventFields,
  language: Language = 'en',
  missionTitles: MissionTitles = new Map(),
): {
  governance: boolean;
  title: string;
  summary: string | null;
  titleParts: Part[];
  summaryParts: Part[] | null;
} {
  const described = describeParts(e, language, missionTitles);
  return {
    ...described,
    title: joined(described.titleParts),
    summary: described.summaryParts && joined(described.summaryParts),
  };
}

/** Each mission's title by its slug, to name a governance record's mission in words. */
export type MissionTitles = ReadonlyMap<string, string>;

function describeParts(
  e: EventFields,
  language: Language,
  missionTitles: MissionTitles,
): { governance: boolean; titleParts: Part[]; summaryParts: Part[] | null } {
  const welsh = language === 'cy';
  const slash = e.entityId.indexOf('/');
  const mission = slash < 0 ? e.entityId : e.entityId.slice(0, slash);
  const id = slash < 0 ? '' : e.entityId.slice(slash + 1);
  const record = (e.after ?? e.before ?? {}) as Record<string, unknown>;
  const text = (field: string) => (typeof record[field] === 'string' ? record[field] : '');
  const date = (field: string) => safeDate(text(field), language);
  // The mission by its title; by its slug only if it no longer exists.
  const title = missionTitles.get(mission);
  const ofMission: Piece[] = title
    ? [welsh ? 'y genhadaeth ' : 'the mission ', ...quoted(title)]
    : [welsh ? `y genhadaeth ${mission}` : `the ${mission} mission`];
  if (e.entityType === 'pack')
    return {
      governance: false,
      titleParts: packSentence(e, record, ofMission, language),
      summaryParts: null,
    };
  const words = (welsh ? governanceWelsh : governanceWords)[e.entityType];
  if (!words) return { governance: false, titleParts: sentence(e, language), summaryParts: null };
  const numbered = ['decision', 'action', 'risk', 'evaluation'].includes(e.entityType)
    ? ` ${id}`
    : '';
  const detail: Record<string, Piece[]> = {
    board: [],
    'mandate-letter': welsh
      ? [', at ', en(text('steward')), `, dyddiedig ${date('dated')}`]
      : [', to ', en(text('steward')), `, dated ${date('dated')}`],
    stocktake: [
      welsh ? `, a gynhaliwyd ${date('heldOn')}: ` : `, held ${date('heldOn')}: `,
      en(text('title')),
    ],
    decision: [': ', en(clip(text('what')))],
    action: [': ', en(clip(text('title')))],
    risk: [': ', en(clip(text('description')))],
    evaluation: [': ', en(clip(text('title')))],
  };
  const internal = record.visibility === 'internal';
  const visibility = internal ? (welsh ? ' (mewnol)' : ' (internal)') : '';
  const verb = (welsh ? verbsWelsh : verbs)[e.action] ?? e.action;
  const titleParts = parts(
    `${verb} ${words}${numbered}${visibility}${welsh ? ' ' : ' of '}`,
    ...ofMission,
    ...(detail[e.entityType] ?? []),
  );
  if (e.action !== 'create') return { governance: true, titleParts, summaryParts: null };
  const ratings = Array.isArray(record.ratings) ? record.ratings.length : 0;
  const members = Array.isArray(record.members) ? record.members.length : 0;
  const summaries: Record<string, Piece[]> = welsh
    ? {
        board: [
          'Cadeirydd: ',
          en(text('chair')),
          `; yn cyfarfod ${cadencesWelsh[text('cadence')] ?? text('cadence')}; ${members} aelod`,
        ],
        'mandate-letter': [en(clip(text('body')))],
        stocktake: [
          `${ratings} sgôr hyder cyflawni${record.example ? '; enghraifft, nid adolygiad cynnydd go iawn' : ''}`,
        ],
        decision: ['Penderfynwyd gan ', en(text('decidedBy')), ` ar ${date('decidedOn')}`],
        action: [
          'Perchennog: ',
          en(text('owner')),
          `; erbyn ${date('due')}${record.done ? `; wedi’i wneud ${date('done')}` : ''}`,
        ],
        risk: [
          `Tebygolrwydd ${String(record.likelihood)}, effaith ${String(record.impact)}; perchennog: `,
          en(text('owner')),
          `; adolygu erbyn ${date('reviewOn')}`,
        ],
        evaluation: [
          `Gwerthusiad ${evaluationWelsh[text('type')] ?? text('type')}, ${evaluationWelsh[text('status')] ?? text('status')}; yn cael ei gynnal gan `,
          en(text('evaluator')),
        ],
      }
    : {
        board: [
          'Chair: ',
          en(text('chair')),
          `; meets ${text('cadence').replace('-', ' ')}; ${members} member${members === 1 ? '' : 's'}`,
        ],
        'mandate-letter': [en(clip(text('body')))],
        stocktake: [
          `${ratings} delivery-confidence rating${ratings === 1 ? '' : 's'}${record.example ? '; an example, not a real stocktake' : ''}`,
        ],
        decision: ['Decided by ', en(text('decidedBy')), ` on ${date('decidedOn')}`],
        action: [
          'Owner: ',
          en(text('owner')),
          `; due ${date('due')}${record.done ? `; done ${date('done')}` : ''}`,
        ],
        risk: [
          `Likelihood ${String(record.likelihood)}, impact ${String(record.impact)}; owner: `,
          en(text('owner')),
          `; review by ${date('reviewOn')}`,
        ],
        evaluation: [
          `${text('type')} evaluation, ${text('status')}; run by `,
          en(text('evaluator')),
        ],
      };
  const summary = summaries[e.entityType];
  return { governance: true, titleParts, summaryParts: summary ? parts(...summary) : null };
}

/**
 * A stocktake's pack printed, in words: which pack, of which mission's stocktake, and the
 * SHA-256 of its PDF (`Missions Leadership Council pack of the mission ‘…’, stocktake of 30
 * September 2025, printed: SHA-256 1f2e…`); printed again where the records as at the stocktake
 * were corrected since.
 */
function packSentence(
  e: EventFields,
  record: Record<string, unknown>,
  ofMission: Piece[],
  language: Language,
): Part[] {
  const welsh = language === 'cy';
  const board = record.kind === 'board';
  const day = safeDate(record.stocktake, language);
  const hash = typeof record.sha256 === 'string' ? ` SHA-256 ${record.sha256.slice(0, 16)}…` : '';
  const again = e.action === 'update';
  if (welsh)
    return parts(
      `${again ? 'Argraffwyd eto, â chynnwys gwahanol,' : 'Argraffwyd'} ${board ? 'pecyn y bwrdd' : 'pecyn Cyngor Arwain y Cenadaethau'} ar gyfer `,
      ...ofMission,
      `, adolygiad cynnydd ${day}${record.example ? ' (enghraifft)' : ''}:${hash}`,
    );
  return parts(
    `${board ? 'Board pack' : 'Missions Leadership Council pack'} of `,
    ...ofMission,
    `, stocktake of ${day}${record.example ? ' (an example)' : ''}, ${again ? 'printed again with different contents' : 'printed'}:${hash}`,
  );
}

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields =>
  value && typeof value === 'object' ? (value as Fields) : {};
const str = (value: unknown) => (typeof value === 'string' ? value : '');
/** A record's name in quotation marks, the name itself from the record. */
const quoted = (text: string): Piece[] => (text ? ['\u2018', en(clip(text, 80)), '\u2019'] : []);
// A file's name only: an import may record where the file was on the server.
const fileName = (value: unknown) => str(value).split(/[\\/]/).pop() ?? '';

const safeDate = (value: unknown, language: Language) => {
  try {
    return formatDate(str(value), language);
  } catch {
    return str(value);
  }
};

const isTarget = (
  value: unknown,
): value is { value: number; comparator: Comparator; deadline: string } => {
  const t = fields(value);
  return (
    typeof t.value === 'number' &&
    typeof t.comparator === 'string' &&
    typeof t.deadline === 'string'
  );
};

const nouns: Record<string, string> = {
  government: 'Government',
  mission: 'Mission',
  goal: 'Goal',
  project: 'Project',
  indicator: 'Statistic',
  release: 'Release of data',
  pack: 'Pack',
  report: 'Report',
  organisation: 'Partner organisation',
  pledge: 'Pledge',
  'pledge-submission': 'Pledge submission',
  'goal-division': 'Division of a goal',
  'local-target': 'Local target',
  settlement: 'Settlement',
};
const nounsWelsh: Record<string, string> = {
  government: 'llywodraeth',
  mission: 'cenhadaeth',
  goal: 'nod',
  project: 'prosiect',
  indicator: 'ystadegyn',
  release: 'datganiad data',
  pack: 'pecyn',
  report: 'adroddiad',
  organisation: 'sefydliad partner',
  pledge: 'addewid',
  'pledge-submission': 'cyflwyniad addewid',
  'goal-division': 'rhaniad nod',
  'local-target': 'targed lleol',
  settlement: 'setliad',
};
/** A kind of record in words, as the change log's filter offers it: "Mission board", "Bwrdd". */
export function kindName(kind: string, language: Language = 'en') {
  const name =
    language === 'cy'
      ? (nounsWelsh[kind] ?? governanceWelsh[kind])
      : (nouns[kind] ?? governanceWords[kind]);
  return name ? name[0]!.toUpperCase() + name.slice(1) : kind;
}

const happened: Record<string, string> = { create: 'added', update: 'changed', delete: 'removed' };
const happenedWelsh: Record<string, string> = {
  create: 'Ychwanegwyd',
  update: 'Newidiwyd',
  delete: 'Dilëwyd',
};

/**
 * A change in words a citizen reads: what it is by its name, and for a goal's target or
 * baseline the old and new values, formatted as everywhere else on the site.
 */
function sentence(e: EventFields, language: Language): Part[] {
  const welsh = language === 'cy';
  const b = fields(e.before);
  const a = fields(e.after);
  const latest = e.action === 'delete' ? b : a;
  const name = str(latest.title) || str(latest.statement) || str(latest.name) || str(latest.series);
  const unit = str(latest.unit) || null;
  const did = (welsh ? happenedWelsh : happened)[e.action] ?? e.action;
  const named = (): Piece[] => (name ? quoted(name) : [e.entityId]);
  if (e.entityType === 'release') {
    const file = fileName(latest.file);
    const series = e.entityId.split('#')[0];
    const rows =
      typeof latest.rows === 'number'
        ? welsh
          ? ` (${latest.rows.toLocaleString('en-GB')} rhes)`
          : ` (${latest.rows.toLocaleString('en-GB')} rows)`
        : '';
    if (welsh) {
      const when = latest.releasedAt
        ? `, a gyhoeddwyd yma ${safeDate(latest.releasedAt, language)}`
        : '';
      return parts(
        `${did} datganiad data ar gyfer ${series}${when}${file ? `: ${file}` : ''}${rows}`,
      );
    }
    // When it was published here: a publisher's own date is in the release's metadata.
    const when = latest.releasedAt
      ? `, published here ${safeDate(latest.releasedAt, language)}`
      : '';
    return parts(`Release of data for ${series} ${did}${when}${file ? `: ${file}` : ''}${rows}`);
  }
  const none = welsh ? 'dim' : 'none';
  if (e.entityType === 'goal' && e.action === 'update') {
    const fromTo = (old: string, now: string) =>
      welsh ? ` o ${old} i ${now}` : ` changed from ${old} to ${now}`;
    let target = '';
    if (JSON.stringify(b.target) !== JSON.stringify(a.target))
      target = fromTo(
        isTarget(b.target) ? targetPhrase(b.target, str(b.unit) || null, language) : none,
        isTarget(a.target) ? targetPhrase(a.target, unit, language) : none,
      );
    let baseline = '';
    const bb = fields(b.baseline);
    const ab = fields(a.baseline);
    if (JSON.stringify(bb) !== JSON.stringify(ab) && typeof ab.value === 'number') {
      const old =
        typeof bb.value === 'number'
          ? formatValue(bb.value, str(b.unit) || null, undefined, language)
          : none;
      const period = ab.period ? ` (${str(ab.period)})` : '';
      baseline = fromTo(old, formatValue(ab.value, unit, undefined, language)) + period;
    }
    // The target and the baseline in words: both, when both changed.
    if (target && baseline)
      return welsh
        ? parts(
            'Newidiwyd y targed ar gyfer ',
            ...named(),
            `${target}, a’r llinell sylfaen${baseline}`,
          )
        : parts('Target for ', ...named(), `${target}; baseline${baseline}`);
    if (target)
      return welsh
        ? parts('Newidiwyd y targed ar gyfer ', ...named(), target)
        : parts('Target for ', ...named(), target);
    if (baseline)
      return welsh
        ? parts('Newidiwyd y llinell sylfaen ar gyfer ', ...named(), baseline)
        : parts('Baseline for ', ...named(), baseline);
  }
  if (e.entityType === 'goal' && e.action === 'create' && isTarget(a.target)) {
    const target = targetPhrase(a.target, unit, language);
    return welsh
      ? parts('Ychwanegwyd nod ', ...named(), `: ${target}`)
      : parts('Goal ', ...named(), ` added: ${target}`);
  }
  if (e.entityType === 'indicator') {
    const changed = describeChanges(e.before, e.after).map((c) => c.field);
    const which = changed.length && e.action === 'update' ? ` (${changed.join(', ')})` : '';
    // The statistic by its code and, where the record gives it, its title.
    const titled = name ? [' ', ...quoted(name)] : [];
    return welsh
      ? parts(`${did} diffiniad ystadegyn ${e.entityId}`, ...titled, which)
      : parts(`Definition of statistic ${e.entityId}`, ...titled, ` ${did}${which}`);
  }
  const changed = describeChanges(e.before, e.after).map((c) => c.field);
  const fieldList = changed.length ? `: ${clip(changed.join(', '), 80)}` : '';
  if (welsh) {
    const noun = nounsWelsh[e.entityType] ?? e.entityType;
    return parts(`${did} ${noun} `, ...named(), e.action === 'update' ? fieldList : '');
  }
  const noun = nouns[e.entityType] ?? e.entityType;
  const what = [`${noun} `, ...named()];
  if (e.action !== 'update') return parts(...what, ` ${did}`);
  return parts(...what, ` changed${fieldList}`);
}
