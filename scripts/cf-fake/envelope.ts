/**
 * Cloudflare API v4's response envelope: every answer, success or failure, is
 * `{ success, errors: [{ code, message }], messages, result }` (lists add `result_info`).
 */

export interface CfError {
  code: number;
  message: string;
  error_chain?: Array<{ code: number; message: string }>;
}

/** An API failure that carries its own status and Cloudflare error code; thrown by handlers, rendered once. */
export class CfApiError extends Error {
  readonly status: number;
  readonly errors: CfError[];
  readonly headers: Record<string, string>;

  constructor(status: number, code: number, message: string, headers: Record<string, string> = {}, chain?: CfError['error_chain']) {
    super(message);
    this.status = status;
    this.errors = [{ code, message, ...(chain ? { error_chain: chain } : {}) }];
    this.headers = headers;
  }
}

export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
}

export function ok(result: unknown, status = 200, resultInfo?: ResultInfo, messages: unknown[] = []): Response {
  const body = { success: true, errors: [], messages, result, ...(resultInfo ? { result_info: resultInfo } : {}) };
  return Response.json(body, { status });
}

/** A list answered in one page, the way Cloudflare reports it. */
export function okList(items: unknown[]): Response {
  return ok(items, 200, { page: 1, per_page: Math.max(items.length, 20), count: items.length, total_count: items.length });
}

export function fail(error: CfApiError): Response {
  const body = { success: false, errors: error.errors, messages: [], result: null };
  return Response.json(body, { status: error.status, headers: error.headers });
}
