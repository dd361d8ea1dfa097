/**
 * Which declared response answers a status: the one vocabulary of the runtime, the scenarios and
 * the plan's analysis. A status is declared exactly (`404`), through its range (`4XX`) or through
 * `default`, and an exact code wins over its range.
 */
import type { PlanOperation, PlanResponse } from './types';

/** The declared response a status means: exact, else its range (`4XX`), else `default`. */
export function responseFor(op: PlanOperation, status: number): PlanResponse | undefined {
  const code = String(status);
  return find(op, code) ?? find(op, `${code[0]}XX`) ?? find(op, 'default');
}

/** Whether the operation declares `status` exactly or through its range; `default` does not count. */
export function declares(op: PlanOperation, status: number): boolean {
  const code = String(status);
  return op.responses.some((r) => r.status === code || r.status === `${code[0]}XX`);
}

/** The declared response for an error the mock answers itself: exact, then 400 and 422 for each other (as Prism does), its range, `default`. */
export function errorResponseFor(op: PlanOperation, status: number): PlanResponse | undefined {
  const stand = status === 422 ? '400' : status === 400 ? '422' : undefined;
  return find(op, String(status)) ?? (stand === undefined ? undefined : find(op, stand)) ?? find(op, `${String(status)[0]}XX`) ?? find(op, 'default');
}

/** Declared numeric statuses that match, exact ones first, then a range stands in with its first code (`5XX` → 500). */
export function declaredCodes(op: PlanOperation, match: (code: number) => boolean): number[] {
  const exact = op.responses.filter((r) => /^\d{3}$/.test(r.status)).map((r) => Number(r.status)).filter(match);
  const ranges = op.responses
    .filter((r) => /^\dXX$/.test(r.status))
    .map((r) => Number(r.status[0]) * 100)
    .filter((code) => match(code) && !exact.some((e) => Math.floor(e / 100) === code / 100));
  return [...exact, ...ranges];
}

/** The lowest declared 2xx, any exact code before the range (201 wins over 2XX, as in Prism): the response a client gets when all goes well. */
export function successResponse(op: PlanOperation): PlanResponse | undefined {
  let best: PlanResponse | undefined;
  for (const r of op.responses) if (r.status.startsWith('2') && (best === undefined || rank(r) < rank(best))) best = r;
  return best;
}

/** The operation's `default` response, if it declares one. */
export function defaultResponse(op: PlanOperation): PlanResponse | undefined {
  return find(op, 'default');
}

/** What an operation answers when nothing asks for another: the lowest 2xx, else `default`, else the first declared. */
export function usualResponse(op: PlanOperation): PlanResponse | undefined {
  return successResponse(op) ?? defaultResponse(op) ?? op.responses[0];
}

/** A declared status as the code it is sent with: `404` → 404, `4XX` → 400, `default` → 200. */
export function sentStatus(response: PlanResponse): number {
  if (response.status === 'default') return 200;
  return /^\d+$/.test(response.status) ? Number(response.status) : Number(response.status[0]) * 100;
}

function find(op: PlanOperation, status: string): PlanResponse | undefined {
  return op.responses.find((r) => r.status === status);
}

/** Exact codes by value; a range after every exact code of its class (`2XX` after 299); anything else last. */
function rank(r: PlanResponse): number {
  return /^\d+$/.test(r.status) ? Number(r.status) : /^\dXX$/.test(r.status) ? Number(r.status[0]) * 100 + 99.5 : 999;
}
