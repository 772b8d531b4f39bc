// What the site's Atom feeds (RFC 4287) share: escaping and ids.

/** Text escaped for XML's content and attributes. */
export const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An Atom id, which must be permanent and universally unique: a tag URI carrying the
 * installation's origin (its change log's first hash), so two installations' entry 17 are two
 * entries, wherever either site is served from.
 */
export const atomId = (origin: string, specific: string) =>
  `tag:northstar,2026:${origin.slice(0, 16)}/${specific}`;
