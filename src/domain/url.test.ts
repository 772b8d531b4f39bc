import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWebAddress, safeLink } from './url.ts';

// [text, a web page's address, safe to link to from data]
const cases: [string, boolean, boolean][] = [
  ['https://www.ons.gov.uk/', true, true],
  ['HTTP://example.org/path?q=1#x', true, true],
  ['mailto:sdg@ons.gov.uk', false, true],
  ['javascript:alert(1)', false, false],
  [' JaVaScRiPt:alert(1)', false, false],
  ['\u0001javascript:alert(1)', false, false],
  ['java\tscr\nipt:alert(1)', false, false],
  ['data:text/html,<script>alert(1)</script>', false, false],
  ['vbscript:msgbox(1)', false, false],
  ['file:///etc/passwd', false, false],
  ['//evil.example/', false, false],
  ['/missions/nhs', false, false],
  ['www.gov.uk', false, false],
  ['', false, false],
];

for (const [text, web, link] of cases) {
  test(`${JSON.stringify(text)}: ${web ? 'a web address' : 'not a web address'}, ${link ? 'linked' : 'not linked'}`, () => {
    assert.equal(isWebAddress(text), web);
    assert.equal(safeLink(text), link ? text : undefined);
  });
}

test('only text is ever a link', () => {
  for (const value of [undefined, null, 42, { href: 'https://x' }, ['https://x']])
    assert.equal(safeLink(value), undefined);
});
