/**
 * Deploy failures as problem+json: the step, the HTTP status and Cloudflare's own codes and
 * messages; a refused permission is named (docs/decisions/0011 lists the least-privilege token).
 */
import { type Problem, problem, problemType } from '../../problem';
import type { ApiFailure } from './api';

export const DEPLOY_CLOUDFLARE_API = problemType('deploy-cloudflare-api', 'The Cloudflare API refused a deploy step', 502);
export const DEPLOY_RESERVED_PATH = problemType('deploy-reserved-path', 'The spec uses the path reserved for the admin API', 422);

/**
 * The permission each step needs, named as the API reference names them ("Accepted
 * Permissions"); the dashboard's token form calls the Write ones "Edit".
 */
const PERMISSIONS: Array<[RegExp, string]> = [
  [/^d1/, 'D1 Write'],
  [/^zone/, 'Zone Read'],
  [/^domain/, 'Workers Routes Write'],
  [/./, 'Workers Scripts Write'],
];

/** Authentication errors: 10000 (the token lacks a permission), 9109 (invalid token), 7403 (D1: not authorized). */
const AUTH_CODES = new Set([10000, 9109, 7403]);

export function permissionFor(step: string): string {
  return PERMISSIONS.find(([pattern]) => pattern.test(step))?.[1] ?? 'Workers Scripts Write';
}

export function apiProblem(failure: ApiFailure, context?: string): Problem {
  const said = failure.errors.map((e) => `${e.code}: ${e.message}`).join('; ') || 'no error details';
  const denied = failure.status === 403 || failure.status === 401 || failure.errors.some((e) => AUTH_CODES.has(e.code));
  const permission = denied ? permissionFor(failure.step) : undefined;
  const status = failure.status >= 400 && failure.status < 500 ? failure.status : DEPLOY_CLOUDFLARE_API.status;
  const detail =
    `Step "${failure.step}" failed: ${failure.method} ${failure.path} answered ${failure.status || 'nothing'} (${said}).` +
    (permission ? ` The API token needs the permission "${permission}".` : '') +
    (context ? ` ${context}` : '');
  return problem({ ...DEPLOY_CLOUDFLARE_API, status }, detail, {
    step: failure.step,
    cloudflare: { status: failure.status, errors: failure.errors },
    ...(permission ? { permission } : {}),
  });
}
