/**
 * RFC 9457 problem details: the one error shape used by the mock origin, the admin API, the CLI
 * and (later) MCP tool errors. Modules declare templates in their own `errors.ts`; `problem()`
 * fills one in.
 */

/** One violation inside a problem: where it is (a JSON pointer or a request location) and what. */
export interface ProblemItem {
  /** Where: a JSON pointer into a document (`/paths/~1pets/get`), or a request location (`query/limit`, `header/x-key`, `body/name`). */
  location: string;
  message: string;
  /** line:column in the source text, when the problem comes from parsing text. */
  line?: number;
  column?: number;
  /** A machine-readable keyword (`required`, `type`, `dangling-ref`, ...). */
  code?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemItem[];
  [extension: string]: unknown;
}

export type ProblemTemplate = Pick<Problem, 'type' | 'title' | 'status'>;

/** A result that carries its failure as a value instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

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
