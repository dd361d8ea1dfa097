/**
 * The test session a request names in `X-Test-Session`. Ids are capped at MAX_SESSION_ID_LENGTH
 * characters: a longer one is not a session (the request is still served, as one without a
 * session, and logged with no session id), so a client cannot grow the log or the session list
 * with ids of thousands of characters.
 */
export const MAX_SESSION_ID_LENGTH = 200;

export function sessionIdOf(header: string | null): string | null {
  if (header === null || header === '' || header.length > MAX_SESSION_ID_LENGTH) return null;
  return header;
}
