import type { z } from 'zod';
import { type Problem, type ProblemItem, type ProblemTemplate, problem, problemResponse as problemOver, problemType } from '../../../src/problem';

export const ADMIN_UNAUTHORIZED = problemType('admin-unauthorized', 'Admin token missing or wrong', 401);
export const ADMIN_DISABLED = problemType('admin-disabled', 'The admin API has no token configured', 503);
export const ADMIN_BAD_REQUEST = problemType('admin-bad-request', 'The request is not valid', 400);
export const ADMIN_NOT_FOUND = problemType('admin-not-found', 'No such admin resource', 404);
export const ADMIN_TOO_LARGE = problemType('admin-too-large', 'The request body is too large', 413);
export const ADMIN_INVALID = problemType('admin-invalid', 'The request body does not describe a valid value', 422);
export const ADMIN_INTERNAL = problemType('admin-internal', 'The admin API failed', 500);

export function problemResponse(template: ProblemTemplate | Problem, detail?: string, errors?: ProblemItem[]): Response {
  const body = problem(template, detail ?? ('detail' in template ? (template.detail as string) : undefined), errors ? { errors } : {});
  return problemOver(body);
}

/** zod issues as problem items: `location` is a slash path from `root` (body, query, path). */
export function zodItems(error: z.ZodError, root: string): ProblemItem[] {
  return error.issues.map((issue) => ({ location: [root, ...issue.path.map(String)].join('/'), message: issue.message, code: issue.code }));
}
