// Governments as tenants: each has its own missions and its own overview. The UK Government's is
// the site's home page; every other government's is at its slug (`/camden`), so a government's
// slug must not be a path the site already uses.

/** The government whose overview is the home page. */
export const HOME_GOVERNMENT = 'uk';

/**
 * The first segment of every path the site serves that a slug could spell (files with a dot
 * cannot clash), and those kept for Welsh pages, search and feeds. A test checks the app's
 * routes against it (src/features/missions/tenancy.test.ts).
 */
export const RESERVED_SLUGS = new Set([
  'accessibility',
  'api',
  'areas',
  'assets',
  'changes',
  'cy',
  'feedback',
  'feeds',
  'governance',
  'health',
  'indicators',
  'manage',
  'map',
  'methodology',
  'missions',
  'open-data',
  'partners',
  'pledges',
  'processes',
  'release-calendar',
  'reports',
  'search',
  'settlements',
  'sign-in',
  'sign-out',
]);

/** Where a government's overview is. */
export const governmentPath = (slug: string) => (slug === HOME_GOVERNMENT ? '/' : `/${slug}`);

/** Governments in the order the site lists them: the home one first, then as given. */
export const homeFirst = <T extends { slug: string }>(governments: T[]) =>
  [...governments].sort(
    (a, b) => Number(b.slug === HOME_GOVERNMENT) - Number(a.slug === HOME_GOVERNMENT),
  );
