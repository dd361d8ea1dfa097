/** Bearer-token guard of the admin origin: constant-time comparison of SHA-256 digests. */
import type { MiddlewareHandler } from 'hono';
import { CREDENTIAL_LIMITS, clientKey, createFailureLimiter, tooManyFailures } from '../../../src/limits';
import type { Env } from '../env';
import { problemResponse } from './problems';
import { ADMIN_DISABLED, ADMIN_UNAUTHORIZED } from './problems';

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

export async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Wrong admin tokens, per client of this isolate (the admin origin of a mock is one isolate locally). */
const failures = createFailureLimiter(CREDENTIAL_LIMITS);

export function requireToken(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const expected = c.env.ADMIN_TOKEN;
    if (!expected) return problemResponse(ADMIN_DISABLED, 'Set the ADMIN_TOKEN secret of this mock to use its admin API.');
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const client = clientKey(c.req.raw.headers, Boolean(c.env.ADMIN_HOST));
    // A request without a token guesses nothing; one with a token is checked only while this client may still try.
    if (match) {
      const wait = failures.retryAfter(client, Date.now());
      if (wait !== undefined) return tooManyFailures('admin tokens', wait);
    }
    if (!match || !(await tokenMatches(match[1].trim(), expected))) {
      if (match) failures.failed(client, Date.now());
      const res = problemResponse(ADMIN_UNAUTHORIZED, match ? 'The bearer token is not valid for this mock.' : 'Send the admin token as "Authorization: Bearer <token>".');
      res.headers.set('www-authenticate', 'Bearer realm="mockloop-admin"');
      return res;
    }
    await next();
  };
}
