// Numbers in words a citizen reads: rounded sensibly and with their unit.

const isPercentage = (unit: string | null | undefined) => !!unit && /percent|%/i.test(unit);

// One formatter for every call: `toLocaleString` builds a new one each time, which is slow.
const britishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 });

/** A figure rounded to 3 significant figures (whole numbers kept whole), with thousands separators. */
export function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toPrecision(3));
  return britishNumber.format(rounded);
}

/** `13%`, `741 Watts per capita`, `17,175`. */
export function formatValue(value: number, unit?: string | null): string {
  if (isPercentage(unit)) return `${formatNumber(value)}%`;
  return unit && !/^(units?|number)$/i.test(unit)
    ? `${formatNumber(value)} ${unit}`
    : formatNumber(value);
}

/** A difference between two figures: percentages differ by percentage points. */
export function formatDifference(value: number, unit?: string | null): string {
  const n = formatNumber(Math.abs(value));
  if (isPercentage(unit)) return `${n} percentage point${n === '1' ? '' : 's'}`;
  return formatValue(Math.abs(value), unit);
}
