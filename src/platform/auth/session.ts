// Sessions of people who sign in. For now only the cookie's name and how to tell a request
// that carries one: answers to such a request depend on who is asking, so shared caches must
// neither serve nor keep them.

/** The cookie that holds a signed-in person's session id. */
export const SESSION_COOKIE = 'northstar_session';

/** Whether a `Cookie` header names the session cookie (with any value). */
export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader
    .split(';')
    .some((pair) => pair.slice(0, pair.indexOf('=') >>> 0).trim() === SESSION_COOKIE);
}
