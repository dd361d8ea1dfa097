/**
 * Calls to the admin API of this origin. The token lives in sessionStorage: typed once, kept for
 * this browser tab's session, sent only as the Authorization header.
 */
import { withBase } from './base';
import type { ProblemBody as Problem } from '../../../../../src/admin-api';

const TOKEN_KEY = 'mockloop.adminToken';

export const adminToken = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** A problem+json answer and its items, as the admin API contract (src/admin-api) defines them. */
export type { ProblemBody as Problem, ValidationItem as ProblemItem } from '../../../../../src/admin-api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
  ) {
    super(message);
  }
}

/** Fired when the API refuses the token: the page goes back to the sign-in form. */
export const UNAUTHORIZED_EVENT = 'mockloop:unauthorized';

export interface CallOptions {
  method?: string;
  json?: unknown;
  /** A text body (e.g. a YAML spec) with its content type. */
  text?: { body: string; contentType: string };
  signal?: AbortSignal;
}

export async function apiResponse(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${adminToken.get() ?? ''}` };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  }
  const res = await fetch(withBase(path), { method: options.method ?? 'GET', headers, body, signal: options.signal });
  if (res.ok) return res;
  const text = await res.text();
  let problem: Problem | null = null;
  try {
    // SAFETY: the admin API's errors are problem+json; anything else only lacks the fields read.
    problem = JSON.parse(text) as Problem;
  } catch {
    problem = null;
  }
  if (res.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT));
  const message = problem?.detail ?? problem?.title ?? (text || `${res.status} ${res.statusText}`);
  throw new ApiError(res.status, problem, message);
}

export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const res = await apiResponse(path, options);
  // SAFETY: the admin API answers JSON described by its own OpenAPI document.
  return (await res.json()) as T;
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
