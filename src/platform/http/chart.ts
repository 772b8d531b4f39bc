// Line charts drawn on the server as SVG: they work without JavaScript and print. Every
// chart is shown beside a table of the same numbers.
import { createHash } from 'node:crypto';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { english, type Translate } from './language.ts';

export interface ChartSeries {
  label: string;
  points: { time: number; value: number }[];
  style: 'actual' | 'trajectory';
  /** A line of its own among several compared: its colour and dash (see `comparisonStyles`). */
  look?: LineLook;
}

/** How a line is drawn: a colour, and a dash pattern so lines differ without colour too. */
export interface LineLook {
  colour: string;
  dash?: string;
}

export interface ChartInput {
  /**
   * What makes the chart's element ids unique on its page (letters, digits, `-` and `_`).
   * Without it they come from a hash of the chart itself, so the same chart gives the same
   * bytes whatever was rendered before, and two different charts differ.
   */
  id?: string;
  title: string;
  /** What the figures count: the y axis's title, above it. */
  unit: string;
  /** Where the figures come from: a line under the chart, so it goes wherever the chart does. */
  source?: string;
  /** The chart's own words in the page's language (the templates' `t`); English without it. */
  translate?: Translate;
  series: ChartSeries[];
  target?: { value: number; time: number; label: string };
  /** Breaks in the series: a line at each, as figures before it are not comparable. */
  breaks?: { time: number; label: string }[];
  /** The trend from the latest figure to the deadline, widening to its prediction interval. */
  projection?: {
    from: { time: number; value: number };
    at: number;
    value: number;
    lower: number;
    upper: number;
  };
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** GOV.UK palette; the page's key uses the same names. */
export const chartColours = {
  actual: '#1d70b8',
  trajectory: '#505a5f',
  target: '#d4351c',
  projection: '#1d70b8',
};
const colours = chartColours;

/**
 * Lines compared on one chart (an indicator's breakdowns), in order: GOV.UK colours with
 * strong contrast on white, each with its own dash pattern for readers who do not see colour.
 */
export const comparisonStyles: readonly LineLook[] = [
  { colour: '#1d70b8' },
  { colour: '#d4351c', dash: '8 4' },
  { colour: '#00703c', dash: '2 3' },
  { colour: '#4c2c92', dash: '12 4 2 4' },
  { colour: '#b58840', dash: '4 4' },
  { colour: '#0b0c0c', dash: '16 4' },
  { colour: '#d53880', dash: '2 6' },
  { colour: '#28a197', dash: '8 3 2 3 2 3' },
];

/** A line's sample for a chart's key, beside its label: decorative, as the label says it all. */
export function renderKeySwatch(look: LineLook): string {
  const dash = look.dash ? ` stroke-dasharray="${look.dash}"` : '';
  return `<svg class="ns-key__line" viewBox="0 0 32 8" width="32" height="8" aria-hidden="true" focusable="false"><line x1="0" y1="4" x2="32" y2="4" stroke="${look.colour}" stroke-width="4"${dash}/></svg>`;
}

/**
 * The year a tick on the time axis is labelled with, where a figure's time is the end of its
 * period. Figures for calendar years (or rarer) sit on the ticks, at the ends of their years: a
 * tick is labelled with the year that ends there (2024.0 is the end of 2023), the year of the
 * figure above it. Other figures (monthly, or for years from April or September) sit between
 * the ticks: a tick is labelled with the year that starts there, as on a calendar, so April
 * 2026 is just after "2026" and the school year 2024/25, ending in August 2025, after "2025".
 */
const yearLabeller = (points: Point[]) =>
  usualStep(points) >= 0.9 && points.every((p) => Math.abs(p.time - Math.round(p.time)) < 0.01)
    ? (time: number) => Math.ceil(time) - 1
    : (time: number) => Math.round(time);

/** The usual step between figures in years (their median), or Infinity with fewer than three. */
function usualStep(points: Point[]): number {
  const steps = points
    .slice(1)
    .map((p, i) => p.time - points[i]!.time)
    .sort((a, b) => a - b);
  return steps.length >= 2 ? steps[Math.floor(steps.length / 2)]! : Infinity;
}

/**
 * A small trend line for a list of goals: a glance, hidden from screen readers because the
 * words beside it give its first and last figures; the goal's page has the chart and table.
 */
export function renderSparkline(points: { time: number; value: number }[]): string {
  if (points.length < 2) return '';
  const width = 120;
  const height = 32;
  const x = scaleLinear()
    .domain([points[0]!.time, points.at(-1)!.time])
    .range([2, width - 2]);
  const values = points.map((p) => p.value);
  const y = scaleLinear()
    .domain([Math.min(...values), Math.max(...values)])
    .range([height - 3, 3]);
  const path = line<{ time: number; value: number }>()
    .x((p) => x(p.time))
    .y((p) => y(p.value))(points);
  const last = points.at(-1)!;
  return `<svg class="ns-sparkline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false"><path d="${path}" fill="none" stroke="${colours.actual}" stroke-width="2"/><circle cx="${x(last.time)}" cy="${y(last.value)}" r="3" fill="${colours.actual}"/></svg>`;
}

type Point = { time: number; value: number };

/**
 * The figures with a gap (null) where a line must not join them: across a break in the series,
 * whose figures either side are not comparable, and across periods with no figure (a step more
 * than half again the series' usual one, the median). Each figure keeps its dot.
 */
export function withGaps(points: Point[], breakTimes: number[]): (Point | null)[] {
  const usual = usualStep(points);
  return points.flatMap((p, i) => {
    const before = points[i - 1];
    const apart =
      before &&
      (p.time - before.time > 1.5 * usual ||
        breakTimes.some((t) => t > before.time && t <= p.time));
    return apart ? [null, p] : [p];
  });
}

/** The chart's own id: the caller's, or the first 12 hex digits of a SHA-256 of the chart. */
function chartId(input: ChartInput): string {
  if (input.id !== undefined) {
    if (!/^[\w-]+$/.test(input.id)) throw new RangeError(`not a chart id: "${input.id}"`);
    return input.id;
  }
  return createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 12);
}

/**
 * Words in lines of at most `max` characters (a longer word on a line of its own). The chart's
 * text is drawn twice as large on narrow screens (northstar.css), so lines are kept short.
 */
export function wrapText(text: string, max = 48): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= max)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Lines of text from (x, y) down, each a line below the last at whatever size it is drawn. */
const textLines = (lines: string[], x: number, y: number, attributes = '') =>
  lines.length
    ? `<text x="${x}" y="${y}"${attributes}>` +
      lines
        .map((l, i) => `<tspan x="${x}"${i ? ' dy="1.2em"' : ''}>${escapeXml(l)}</tspan>`)
        .join('') +
      '</text>'
    : '';

/**
 * The value axis: from the lowest point to the highest (negative ones included), rounded out
 * to the ticks drawn (five or so), so every point is inside the grid; a flat series gets room
 * either side.
 */
export function valueDomain(values: number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const [niceLo, niceHi] = scaleLinear().domain([lo, hi]).nice(5).domain() as [number, number];
  return [Math.min(niceLo, lo), Math.max(niceHi, hi)];
}

/** The value axis's labels, all with the decimals their step needs, so no two read the same. */
function tickLabelsOf(ticks: number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return ticks.map((v) =>
    v.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  );
}

/** Room for one line of the chart's text at its largest (26 units on narrow screens). */
const LINE = 32;
/** Room for one character of it at that size, about. */
const CHARACTER = 15;
/** The years' baseline below the plot: clear of the lowest value's label at that size. */
const X_LABEL_DROP = 32;

export function renderLineChart(input: ChartInput): string {
  const titleId = `chart-title-${chartId(input)}`;
  const width = 640;
  const axisTitle = input.unit ? wrapText(input.unit) : [];
  const t = input.translate ?? english;
  const source = input.source ? wrapText(`${t('Source:')} ${input.source}`) : [];
  const all = input.series.flatMap((s) => s.points);
  if (input.target) all.push({ time: input.target.time, value: input.target.value });
  const p = input.projection;
  if (p) all.push({ time: p.at, value: p.lower }, { time: p.at, value: p.upper });
  if (all.length === 0) return '';
  const times = all.map((p) => p.time);
  const domain = valueDomain(all.map((p) => p.value));
  const ticks = scaleLinear().domain(domain).ticks(5);
  const tickLabels = tickLabelsOf(ticks);
  // Room for the longest label at the narrow screens' size.
  const left = Math.max(64, 16 + CHARACTER * Math.max(...tickLabels.map((l) => l.length)));
  const right = 24;
  const x = scaleLinear()
    .domain([Math.min(...times), Math.max(...times)])
    .range([left, width - right]);
  // Each break's label in a band above the plot, clear of the figures: right of its line, or
  // left of it near the chart's right edge; a label that would run into the one before goes a
  // line lower.
  const [xFirst, xLast] = x.domain() as [number, number];
  const rowEnds: number[] = [];
  const breakLabels = (input.breaks ?? [])
    .filter((b) => b.time > xFirst && b.time < xLast)
    .sort((a, b) => a.time - b.time)
    .map((b) => {
      const label = t(b.label);
      const at = x(b.time);
      const wide = label.length * CHARACTER;
      const leftOfLine = at + 4 + wide > width;
      const from = leftOfLine ? at - 4 - wide : at + 4;
      let row = rowEnds.findIndex((end) => end < from);
      if (row < 0) row = rowEnds.push(0) - 1;
      rowEnds[row] = from + wide;
      return { label, at, leftOfLine, row };
    });
  const band = 20 + axisTitle.length * LINE;
  const plot = { top: band + rowEnds.length * LINE, height: 268 };
  const height = plot.top + plot.height + X_LABEL_DROP + 6 + source.length * LINE;
  const margin = { top: plot.top, right, bottom: height - plot.top - plot.height, left };
  const y = scaleLinear()
    .domain(domain)
    .range([height - margin.bottom, margin.top]);
  // A gap in the points (null) lifts the pen: see `withGaps`.
  const path = line<Point | null>()
    .defined((p) => p !== null)
    .x((p) => x(p!.time))
    .y((p) => y(p!.value));
  const breakTimes = (input.breaks ?? []).map((b) => b.time);

  const yTicks = ticks.map(
    (v, i) =>
      `<g><line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v)}" y2="${y(v)}" stroke="#b1b4b6" stroke-width="0.5"/>` +
      `<text x="${margin.left - 8}" y="${y(v) + 4}" text-anchor="end">${tickLabels[i]}</text></g>`,
  );
  const axisLabel = textLines(axisTitle, 0, 20, ' class="ns-chart__axis-title"');
  const sourceLine = textLines(
    source,
    0,
    height - margin.bottom + X_LABEL_DROP + 6 + LINE * 0.8,
    ' class="ns-chart__source"',
  );
  const yearOf = yearLabeller(input.series.find((s) => s.style === 'actual')?.points ?? []);
  // As many years as fit side by side at the narrow screens' size: nineteen years of monthly
  // figures would otherwise have ten labels running into one another.
  const room = width - margin.left - margin.right;
  let years: number[] = [];
  for (let n = 6; n >= 1; n--) {
    years = [...new Set(x.ticks(n).map((t) => Math.round(t)))];
    const widest = Math.max(...years.map((t) => String(yearOf(t)).length));
    if (years.length * (widest + 1) * CHARACTER <= room) break;
  }
  // A line below the plot, clear of the lowest value's label at its left; a label that would
  // run off the right edge is moved in to end at it.
  const xTicks = years.map((t) => {
    const label = String(yearOf(t));
    const at = Math.min(x(t), width - (label.length * CHARACTER) / 2);
    return `<text x="${at}" y="${height - margin.bottom + X_LABEL_DROP}" text-anchor="middle">${label}</text>`;
  });
  const lines = input.series.map((s) => {
    const d = path(s.style === 'actual' ? withGaps(s.points, breakTimes) : s.points) ?? '';
    const pattern = s.look ? s.look.dash : s.style === 'trajectory' ? '6 4' : undefined;
    const dash = pattern ? ` stroke-dasharray="${pattern}"` : '';
    const colour = s.look?.colour ?? colours[s.style];
    const dots =
      s.style === 'actual' && s.points.length <= 60
        ? s.points
            .map((p) => `<circle cx="${x(p.time)}" cy="${y(p.value)}" r="3" fill="${colour}"/>`)
            .join('')
        : '';
    return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="3"${dash}/>${dots}`;
  });
  const target = input.target
    ? `<g><line x1="${margin.left}" x2="${width - margin.right}" y1="${y(input.target.value)}" y2="${y(input.target.value)}" stroke="${colours.target}" stroke-width="2" stroke-dasharray="2 3"/>` +
      `<circle cx="${x(input.target.time)}" cy="${y(input.target.value)}" r="6" fill="none" stroke="${colours.target}" stroke-width="3"/></g>`
    : '';
  const projection = p
    ? `<polygon points="${x(p.from.time)},${y(p.from.value)} ${x(p.at)},${y(p.upper)} ${x(p.at)},${y(p.lower)}" fill="${colours.projection}" fill-opacity="0.15"/>` +
      `<line x1="${x(p.from.time)}" y1="${y(p.from.value)}" x2="${x(p.at)}" y2="${y(p.value)}" stroke="${colours.projection}" stroke-width="2" stroke-dasharray="1 4" stroke-linecap="round"/>`
    : '';
  const breaks = breakLabels
    .map(({ label, at, leftOfLine, row }) => {
      const baseline = band + row * LINE + 20;
      return (
        `<g><line x1="${at}" x2="${at}" y1="${baseline - 16}" y2="${height - margin.bottom}" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4"/>` +
        `<text x="${leftOfLine ? at - 4 : at + 4}" y="${baseline}"${leftOfLine ? ' text-anchor="end"' : ''}>${escapeXml(label)}</text></g>`
      );
    })
    .join('');
  return (
    `<svg class="ns-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId}" font-family="GDS Transport, Arial, sans-serif" font-size="13" fill="#0b0c0c">` +
    `<title id="${titleId}">${escapeXml(input.title)} (${escapeXml(input.unit)}). ${escapeXml(t('The same figures are in the table below.'))}${input.source ? ` ${escapeXml(t('Source:'))} ${escapeXml(input.source)}.` : ''}</title>` +
    `${axisLabel}${yTicks.join('')}${xTicks.join('')}${breaks}${projection}${target}${lines.join('')}${sourceLine}</svg>`
  );
}
