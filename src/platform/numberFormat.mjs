// The places a spreadsheet cell shows a number to. Publishers often keep more in a cell than
// they show (DESNZ's 16649.68 MW shown as "16,650"; NHS England's 0.5721688… as "57.2%"), and
// the pages show a figure to the places its publisher does. Plain JavaScript, for the workbook
// worker.

/** The places a cell's number format shows for `value`, or undefined where it fixes none. */
export function shownPlaces(format, value) {
  if (typeof format !== 'string') return undefined;
  // Sections for positive; negative; zero; text. A negative number uses its own where given; a
  // zero, often shown as "-", takes the places of the positive numbers beside it.
  const sections = splitSections(format);
  const section = (value < 0 ? sections[1] : undefined) ?? sections[0] ?? '';
  const code = section
    .replace(/"[^"]*"/g, '') // quoted text
    .replace(/\\.|_.|\*./g, '') // an escaped character, a space the width of one, a fill
    .replace(/\[[^\]]*\]/g, ''); // a colour or condition
  // None fixed: General, text, scientific ("0.00E+00") or fractions ("# ?/?").
  if (!/[0#?]/.test(code) || /[eE][+-]|\/|general/i.test(code)) return undefined;
  const fraction = /\.([0#?]*)/.exec(code);
  const percents = (code.match(/%/g) ?? []).length;
  // A comma after the last digit shows thousands ("#,##0," shows 832,757 as "833"): the figure
  // is the cell's, in units, so it keeps the places left after the shift, if any.
  const thousands = /[0#?](,+)[^0#?]*$/.exec(code)?.[1].length ?? 0;
  return Math.max(0, (fraction ? fraction[1].length : 0) + 2 * percents - 3 * thousands);
}

function splitSections(format) {
  const sections = [];
  let current = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end;
      current += format.slice(i, stop + 1);
      i = stop;
    } else if (c === '\\') {
      current += format.slice(i, i + 2);
      i++;
    } else if (c === ';') {
      sections.push(current);
      current = '';
    } else current += c;
  }
  sections.push(current);
  return sections;
}
