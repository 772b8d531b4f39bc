// The places a cell's number format shows, as the publishers' workbooks use them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownPlaces } from './numberFormat.mjs';

test('a number format gives the places a cell shows, where it fixes them', () => {
  const cases: [unknown, number, number | undefined][] = [
    ['#,##0 ;(#,##0)', 16649.68, 0], // DESNZ's capacity, shown "16,650"
    ['0.0', 27.54, 1],
    ['0.0%', 0.5721688, 3], // "57.2%": the cell holds the fraction
    ['\\+0.0;\\-0.0;0.0', -0.71, 1], // the negative section
    ['#,##0.0;\\-#,##0.0;\\-', 0, 1], // zero shown as "-", among figures to one place
    ['_-* #,##0_-;\\-* #,##0_-;_-* "-"??_-;_-@_-', 7369.07, 0],
    ['"£"#,##0.00', 3.14159, 2],
    ['[Red]0.000', 2.25, 3],
    ['#,##0,', 832756.87, 0], // thousands: "833"
    ['#,##0.00,,', 4186974, 0], // millions: "4.19"
    ['0.0000,', 832756.87, 1],
    ['General', 12.345, undefined],
    ['@', 3, undefined],
    ['0.00E+00', 12345.6, undefined],
    ['# ?/?', 0.5, undefined],
    [undefined, 3, undefined],
  ];
  for (const [format, value, places] of cases)
    assert.equal(shownPlaces(format, value), places, `${String(format)} for ${value}`);
});
