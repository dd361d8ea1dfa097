/**
 * RFC 9457 problem details: the one error shape used by the mock origin, the admin API, the CLI
 * and (later) MCP tool errors. Modules declare templates in their own `errors.ts`; `problem()`
 * fills one in.
 */

import type { Problem, ProblemTemplate } from './types';

export type { Problem, ProblemItem, ProblemTemplate } from './types';

/** A result that carries its failure as a value instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export { capProblem } from './cap';

const TYPE_BASE = 'https://mockloop.dev/problems/';

/** Builds a template whose `type` is a stable URI under the project's problem namespace. */
export function problemType(slug: string, title: string, status: number): ProblemTemplate {
  return { type: TYPE_BASE + slug, title, status };
}

/**
 * Fills a template in.
 * @example problem(NOT_FOUND, 'No route for GET /pets/1/owner')
 */
export function problem(
  template: ProblemTemplate,
  detail?: string,
  extra: Omit<Partial<Problem>, 'type' | 'title' | 'status'> = {},
): Problem {
  return { ...template, ...(detail === undefined ? {} : { detail }), ...extra };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(p: Problem): Result<T> {
  return { ok: false, problem: p };
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem as HTTP: its status, the problem+json content type and the JSON body (fresh headers each time). */
export function problemHttp(p: Problem): { status: number; headers: Record<string, string>; body: string } {
  return { status: p.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(p) };
}

/**
 * The one problem+json response builder of every HTTP surface (mock origin, admin API, deployer, MCP worker).
 * @example return problemResponse(problem(NOT_FOUND, 'No session "s1".'));
 */
export function problemResponse(p: Problem): Response {
  const { status, headers, body } = problemHttp(p);
  return new Response(body, { status, headers });
}
