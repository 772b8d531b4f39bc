// Numbers read from the comma-separated text of a stored array, in place: no string is made
// for each figure, which for a million figures is most of the time spent reading them.

const COMMA = 44;
const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const NINE = 57;

/** The whole numbers (none negative) of `12,7,40`. */
export function integers(text: string): number[] {
  const numbers: number[] = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      numbers.push(n);
      n = 0;
    } else n = n * 10 + c - ZERO;
  }
  if (text.length > 0) numbers.push(n);
  return numbers;
}

// 10^0 … 10^22: every one is exactly a double.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The numbers of `40.31,,-2.5e-7`, an empty field being null: exactly as `Number` reads each.
 * A plain decimal of at most 15 significant digits and 22 decimal places is its digits as a
 * whole number divided by a power of ten: both are exact doubles, so the one rounding of the
 * division gives the nearest double, as `Number` does (Clinger's fast path). Anything else
 * (more digits, an exponent) is read by `Number`.
 */
export function decimals(text: string): (number | null)[] {
  const numbers: (number | null)[] = [];
  let start = 0;
  for (let end = 0; end <= text.length; end++) {
    if (end < text.length && text.charCodeAt(end) !== COMMA) continue;
    numbers.push(start === end ? null : decimal(text, start, end));
    start = end + 1;
  }
  return numbers;
}

function decimal(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let whole = 0;
  let significant = 0;
  let places = 0;
  let digits = 0;
  let point = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      whole = whole * 10 + (c - ZERO);
      if (whole !== 0) significant++;
      if (point) places++;
      digits++;
    } else if (c === POINT && !point) point = true;
    else break;
  }
  if (i < end || digits === 0 || significant > 15 || places > 22)
    return Number(text.slice(start, end));
  const value = whole / POWERS_OF_TEN[places]!;
  return negative ? -value : value;
}
