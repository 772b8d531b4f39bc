import { test } from 'node:test';
import assert from 'node:assert/strict';
import { undoTwiceEncoded } from './twiceEncoded.ts';

test('text encoded twice is read as it was meant; other text is left as it is', () => {
  // As the ONS's file for 7.3.1 has it.
  assert.equal(
    undoTwiceEncoded('Energy intensity (TJ/Â£ million)'),
    'Energy intensity (TJ/£ million)',
  );
  // Through Windows-1252: a right quotation mark, an en dash, a euro sign.
  assert.equal(undoTwiceEncoded('Children â€™s services'), 'Children ’s services');
  assert.equal(undoTwiceEncoded('2019â€“20'), '2019–20');
  assert.equal(undoTwiceEncoded('â‚¬ per head'), '€ per head');
  // Welsh and French written properly, and text that merely has such letters, are kept.
  for (const text of ['Café', 'Ynys Môn', 'Rhondda Cynon Taf', 'Â alone', '£ million', 'naïve', ''])
    assert.equal(undoTwiceEncoded(text), text);
  // Text whose bytes, read back, are not UTF-8 is kept as it is.
  assert.equal(undoTwiceEncoded('Â£ and ’'), 'Â£ and ’');
});
