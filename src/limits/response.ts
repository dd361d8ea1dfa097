import { PROBLEM_CONTENT_TYPE, problem, problemType } from '../problem';

export const TOO_MANY_FAILURES = problemType('too-many-failed-credentials', 'Too many wrong credentials', 429);

/** The 429 problem+json a refused credential check answers, with `Retry-After` in seconds. */
export function tooManyFailures(what: string, retryAfterS: number): Response {
  const body = problem(TOO_MANY_FAILURES, `Too many wrong ${what} from this client; try again in ${retryAfterS} s.`, { retryAfter: retryAfterS });
  return new Response(JSON.stringify(body), { status: 429, headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': String(retryAfterS) } });
}
