// The words of an assessment's summary that say what the figures show: the latest figure, where
// it stands against the planned path, and where the trend leads by the deadline. In English (what
// the API gives) or Welsh (what a Welsh page shows).
import {
  formatDate,
  formatDifference,
  formatNumber,
  formatValue,
  periodInSentence,
  projectionShown,
  chanceOf,
  chanceText,
  targetPhrase,
  type Language,
} from './format.ts';
import type { Goal } from './mission.ts';
import type { Projection } from './projection.ts';
import type { NotAssessableReason } from './assessment.ts';
import type { OpenSdgResult, OpenSdgStatus } from './openSdgProgress.ts';
import { statusLabels, type Status } from './status.ts';

/** A unit as a goal or its figures give it, if at all. */
export type Unit = string | undefined | null;

/** A figure with a value: the latest, say. */
interface Figure {
  period: { label: string };
  value: number;
}

/**
 * "52% in 2021"; in Welsh "52% yn 2021". Figures are written to `decimals` places where the
 * series' precision is known (see `decimalsOf`), as the pages show them.
 */
export const latestText = (
  latest: Figure,
  unit: Unit,
  language: Language = 'en',
  decimals?: number,
) =>
  `${formatValue(latest.value, unit, decimals, language)} ${language === 'cy' ? 'yn' : 'in'} ${periodInSentence(latest.period.label, language)}`;

/**
 * The gap between two figures as the sentence shows them, so that its numbers agree: 64.97%
 * and 65.72% are shown as 65.0% and 65.7%, 0.7 apart (not 0.75, shown as 0.8). Where the
 * figures look alike, the gap keeps its own size.
 */
function shownGap(gap: number, latest: number, planned: number, decimals?: number): number {
  if (decimals === undefined || gap === 0) return gap;
  const shown = (v: number) => Number(formatNumber(v, decimals).replace(/,/g, ''));
  return Math.abs(shown(latest) - shown(planned)) || gap;
}

/** "The latest figure is 52% in 2021, 3 percentage points worse than the planned path to …" */
export function pathWords(
  latestPoint: Figure,
  rawGap: number,
  better: boolean,
  planned: number,
  target: NonNullable<Goal['target']>,
  unit: Unit,
  language: Language = 'en',
  decimals?: number,
): string {
  const gap = shownGap(rawGap, latestPoint.value, planned, decimals);
  if (language === 'cy') {
    const side =
      gap === 0
        ? 'yn union ar y'
        : `${formatDifference(gap, unit, 'cy', decimals)} yn ${better ? 'well' : 'waeth'} na’r`;
    return `Y ffigur diweddaraf yw ${latestText(latestPoint, unit, 'cy', decimals)}, ${side} llwybr a gynlluniwyd tuag at y targed, ${targetPhrase(target, unit, 'cy')} (y cynllun: ${formatValue(planned, unit, decimals, 'cy')}).`;
  }
  const side =
    gap === 0
      ? 'exactly on'
      : better
        ? `${formatDifference(gap, unit, 'en', decimals)} better than`
        : `${formatDifference(gap, unit, 'en', decimals)} worse than`;
  return `The latest figure is ${latestText(latestPoint, unit, 'en', decimals)}, ${side} the planned path to ${targetPhrase(target, unit)} (planned: ${formatValue(planned, unit, decimals)}).`;
}

/** The year the trend reaches the target (null: never) and how many years after the deadline's. */
function whenReached(projection: Projection & { ok: true }, deadline: number) {
  const reached = projection.reachesTargetAt;
  const year = reached === null ? null : Math.ceil(reached) - 1;
  return { year, late: year === null ? 0 : year - (Math.ceil(deadline) - 1) };
}

/**
 * A sentence where the status and the trend point different ways: the status compares the
 * latest figure with the planned path, the trend says where the recent figures lead. Empty
 * where they agree.
 */
export function statusAgainstTrendWords(
  status: Status,
  projection: Projection,
  deadline: number,
  language: Language = 'en',
): string {
  if (!projection.ok) return '';
  const { year, late } = whenReached(projection, deadline);
  const misses = year === null || late > 0;
  const welsh = language === 'cy';
  if (status === 'on-track' && misses)
    return welsh
      ? ' Mae ‘ar y trywydd iawn’ yn golygu bod y ffigur diweddaraf o flaen y llwybr a gynlluniwyd; pe bai’r duedd ddiweddar yn parhau, byddai’n syrthio ar ei ôl.'
      : ' On track means the latest figure is ahead of the planned path; if the recent trend continued, it would fall behind.';
  if ((status === 'at-risk' || status === 'off-track') && !misses)
    return welsh
      ? ` Mae ‘${welshStatus[status]}’ yn golygu bod y ffigur diweddaraf y tu ôl i’r llwybr a gynlluniwyd; pe bai’r duedd ddiweddar yn parhau, byddai’r targed yn dal i gael ei gyrraedd mewn pryd.`
      : ` ${statusLabels[status]} means the latest figure is behind the planned path; if the recent trend continued, the target would still be met in time.`;
  return '';
}

/** "At the current rate the target will be reached in 2031, 1 year late." */
export function projectionWords(
  projection: Projection,
  deadline: number,
  unit: Unit,
  language: Language = 'en',
  decimals?: number,
): string {
  if (!projection.ok) return '';
  const shown = projectionShown(projection, decimals);
  const format = (n: number) => formatValue(n, unit, shown.decimals, language);
  const { year, late } = whenReached(projection, deadline);
  if (language === 'cy') {
    const chance = `${chanceText(projection.probability, 'cy')} o siawns o’i gyrraedd`;
    const range = `rhagamcan o ${format(shown.value)}, rhwng ${format(shown.lower)} a ${format(shown.upper)} yn debygol`;
    if (year === null)
      return ` Ar y gyfradd bresennol, ni chaiff y targed ei gyrraedd (${range} erbyn y dyddiad terfyn; ${chance}).`;
    const when =
      late > 1 ? `${late} o flynyddoedd yn hwyr` : late === 1 ? '1 flwyddyn yn hwyr' : 'mewn pryd';
    return ` Ar y gyfradd bresennol, caiff y targed ei gyrraedd yn ${year}, ${when} (${range} erbyn y dyddiad terfyn; ${chance}).`;
  }
  // "an 8%", "an 11%", "an 80%": the article goes by how the number is said.
  const { percent, bound } = chanceOf(projection.probability);
  const article = /^(8\d?|11|18)$/.test(String(percent)) ? 'an' : 'a';
  const chance = `${bound ? `${bound} than ` : ''}${article} ${percent}% chance of meeting it`;
  const range = `projected ${format(shown.value)}, likely between ${format(shown.lower)} and ${format(shown.upper)}`;
  if (year === null)
    return ` At the current rate the target will not be reached (${range} at the deadline; ${chance}).`;
  const when = late > 0 ? `${late} year${late === 1 ? '' : 's'} late` : 'in time';
  return ` At the current rate the target will be reached in ${year}, ${when} (${range} at the deadline; ${chance}).`;
}

/** The Open SDG statuses read as this site's: what each would be called here. */
const openSdgAsStatus: Record<Exclude<OpenSdgStatus, 'not_available'>, Status> = {
  target_achieved: 'achieved',
  substantial_progress: 'on-track',
  moderate_progress: 'at-risk',
  limited_progress: 'off-track',
  deterioration: 'off-track',
};

const whyNotJudged: Record<Language, Record<NotAssessableReason, string>> = {
  en: {
    'no-target':
      'the goal has no numeric target, and without one the Open SDG measure rates only the direction of change',
    'no-data': 'the goal has no figure yet from its own series, area and breakdown',
    'no-baseline': 'the goal’s baseline has no published figure to measure progress from',
    'too-few-points':
      'the goal has too few figures since its baseline, while the Open SDG measure uses every year from 2015',
    'stale-data':
      'its latest figure is too old to say where the goal stands now, while the Open SDG measure rates it however old',
    'definition-changed':
      'the statistic was redefined after the target was set, while the Open SDG measure compares the figures as they are',
  },
  cy: {
    'no-target':
      'nad oes gan y nod darged rhifol, a heb un dim ond cyfeiriad y newid y mae mesur Open SDG yn ei raddio',
    'no-data': 'nad oes gan y nod ffigur eto o’i gyfres, ei ardal a’i ddadansoddiad ei hun',
    'no-baseline': 'nad oes gan linell sylfaen y nod ffigur wedi’i gyhoeddi i fesur cynnydd ohono',
    'too-few-points':
      'nad oes gan y nod ddigon o ffigurau ers ei linell sylfaen, tra bo mesur Open SDG yn defnyddio pob blwyddyn o 2015 ymlaen',
    'stale-data':
      'bod ei ffigur diweddaraf yn rhy hen i ddweud ble mae’r nod yn sefyll nawr, tra bo mesur Open SDG yn ei raddio waeth pa mor hen ydyw',
    'definition-changed':
      'i’r ystadegyn gael ei ailddiffinio ar ôl i’r targed gael ei osod, tra bo mesur Open SDG yn cymharu’r ffigurau fel y maent',
  },
};

const differentMeasures: Record<Language, string> = {
  en: 'the Open SDG measure compares the average yearly change since 2015 with the change the target needs, while this site compares the latest figure with the planned path from the goal’s own baseline',
  cy: 'bod mesur Open SDG yn cymharu’r newid blynyddol cyfartalog ers 2015 â’r newid sydd ei angen ar y targed, tra bo’r wefan hon yn cymharu’r ffigur diweddaraf â’r llwybr a gynlluniwyd o linell sylfaen y nod ei hun',
};

/** The Open SDG statuses and this site's, in Welsh words as the sentence quotes them. */
const welshOpenSdg: Record<Exclude<OpenSdgStatus, 'not_available'>, string> = {
  target_achieved: 'targed wedi’i gyflawni',
  substantial_progress: 'cynnydd sylweddol',
  moderate_progress: 'cynnydd cymedrol',
  limited_progress: 'cynnydd cyfyngedig',
  deterioration: 'dirywiad',
};
const welshStatus: Record<Status, string> = {
  achieved: 'wedi’i gyflawni',
  'on-track': 'ar y trywydd iawn',
  'at-risk': 'mewn perygl',
  'off-track': 'oddi ar y trywydd',
  'not-assessable': 'dim modd asesu',
};

/**
 * One sentence for a reader who sees this site's status and the Open SDG progress measure
 * disagree: why they do. `null` where they agree or the measure could not be computed.
 */
export function openSdgDisagreement(
  a: {
    status: Status;
    reason: NotAssessableReason | null;
    openSdg: OpenSdgResult | null;
  },
  language: Language = 'en',
): string | null {
  const open = a.openSdg;
  if (!open || open.status === 'not_available' || openSdgAsStatus[open.status] === a.status)
    return null;
  const why = a.reason ? whyNotJudged[language][a.reason] : differentMeasures[language];
  if (language === 'cy')
    return `Mae mesur Open SDG yn dweud “${welshOpenSdg[open.status]}” lle mae’r wefan hon yn dweud “${welshStatus[a.status]}” oherwydd ${why}.`;
  const theirs = open.status.replace(/_/g, ' ');
  return `The Open SDG measure says “${theirs}” where this site says “${statusLabels[a.status].toLowerCase()}” because ${why}.`;
}

/**
 * A sentence where the Open SDG measure reaches back across a break in the series (`from`, an
 * ISO date) to its base year, so it counts the change the break made; null where it does not.
 */
export function openSdgAcrossBreak(
  open: OpenSdgResult | null,
  from: string | null,
  language: Language = 'en',
): string | null {
  const { baseYear, currentYear } = open?.inputs ?? {};
  if (!from || baseYear == null || currentYear == null) return null;
  const breakYear = Number(from.slice(0, 4));
  if (!(baseYear < breakYear && currentYear >= breakYear)) return null;
  return language === 'cy'
    ? `Mae mesur Open SDG yn cymharu ${currentYear} â ${baseYear}, ar draws y toriad yn y gyfres ar ${formatDate(from, 'cy')}; mae’r wefan hon yn cymryd y duedd o’r ffigurau ar ei ôl.`
    : `The Open SDG measure compares ${currentYear} with ${baseYear}, across the break in the series on ${formatDate(from)}; this site takes the trend from the figures after it.`;
}

/** The Open SDG measure's reasons for giving no status, each shape as it is worded, in Welsh. */
const openSdgReasonsWelsh: [RegExp, string][] = [
  [
    /^it reads each period as a year number, such as 2024, and “(.+)” is not one$/,
    'mae’n darllen pob cyfnod fel rhif blwyddyn, fel 2024, ac nid yw “$1” yn un',
  ],
  [/^there is no data$/, 'nid oes data'],
  [
    /^there is no data in or after the base year (\d+)$/,
    'nid oes data yn y flwyddyn sylfaen ($1) nac ar ei hôl',
  ],
  [
    /^a target is set without the year it is due$/,
    'mae targed wedi’i osod heb y flwyddyn y mae’n ddyledus',
  ],
  [
    /^it takes one figure for each year, and (\d+) fall in (\d+) \((.+)\), between which it does not choose$/,
    'mae’n cymryd un ffigur ar gyfer pob blwyddyn, ac mae $1 yn perthyn i $2 ($3), ac nid yw’n dewis rhyngddynt',
  ],
  [
    /^the base value \((.+)\) and the current value \((.+)\) have opposite signs$/,
    'mae gan y gwerth sylfaen ($1) a’r gwerth presennol ($2) arwyddion croes',
  ],
  [
    /^there is only one year of data from the base year on \((.+)\): it needs two$/,
    'dim ond un flwyddyn o ddata sydd o’r flwyddyn sylfaen ymlaen ($1): mae angen dwy',
  ],
  [
    /^the target year is the base year \((.+)\), so no growth rate is required$/,
    'blwyddyn y targed yw’r flwyddyn sylfaen ($1), felly nid oes angen cyfradd twf',
  ],
  [
    /^the base value \((.+)\) and the target \((.+)\) have opposite signs$/,
    'mae gan y gwerth sylfaen ($1) a’r targed ($2) arwyddion croes',
  ],
  [
    /^the base value equals the target \((.+)\), so no growth rate is required$/,
    'mae’r gwerth sylfaen yn hafal i’r targed ($1), felly nid oes angen cyfradd twf',
  ],
];

/**
 * Why the Open SDG measure gives no status, in `language`: its reason as the API gives it
 * (English), or in Welsh; `translated` is false where a reason has no Welsh here yet.
 */
export function openSdgReason(
  reason: string,
  language: Language,
): { text: string; translated: boolean } {
  if (language === 'en') return { text: reason, translated: true };
  for (const [shape, welsh] of openSdgReasonsWelsh)
    if (shape.test(reason)) return { text: reason.replace(shape, welsh), translated: true };
  return { text: reason, translated: false };
}
