// The one rule for addresses taken from data (a missions file's sources, statistics metadata):
// a link must lead to a web page, or to a mail address where one is meant, never run a script.
// `javascript:`, `data:` and `vbscript:` links run code when clicked, and a published copy of
// the site may be served without a Content-Security-Policy to stop them.

/** Schemes of a web page's address. */
const webSchemes = new Set(['https:', 'http:']);
/** Schemes a page may link to from data: a web page, or a mail address where one is meant. */
const linkSchemes = new Set([...webSchemes, 'mailto:']);

/** What a field that holds a web page's address says when it holds something else. */
export const webAddressRule = 'expected a web address starting https:// or http://';

/**
 * The scheme a browser would follow, parsed as browsers parse a link: leading spaces and
 * control characters, tabs and newlines inside are dropped and case is ignored, so
 * ` JaVa\tScript:` is `javascript:`. Undefined for text that is not an absolute address.
 */
function schemeOf(text: string): string | undefined {
  try {
    return new URL(text).protocol;
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` is the address of a web page (`https:` or `http:`).
 * @example isWebAddress('https://www.ons.gov.uk/') // true
 * @example isWebAddress(' JaVaScRiPt:alert(1)') // false
 */
export function isWebAddress(text: string): boolean {
  return webSchemes.has(schemeOf(text) ?? '');
}

/**
 * `value` if it is safe to render as a link from data (`https:`, `http:` or `mailto:`),
 * otherwise undefined: the page then shows the text without a link.
 */
export function safeLink(value: unknown): string | undefined {
  return typeof value === 'string' && linkSchemes.has(schemeOf(value) ?? '') ? value : undefined;
}
