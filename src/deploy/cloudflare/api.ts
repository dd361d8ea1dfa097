/**
 * A small client of the Cloudflare API v4 for the deployer: the `{success, errors, messages,
 * result}` envelope, a 429 that waits for Retry-After, and failures as values that name the
 * deploy step. The API token goes into the Authorization header and nowhere else: any text that
 * leaves this module is scrubbed of it.
 */
import { z } from 'zod';

export const DEFAULT_API_BASE = 'https://api.cloudflare.com/client/v4';

/** Attempts for a request answered 429, and the longest Retry-After honoured (seconds). */
const MAX_ATTEMPTS = 3;
const MAX_RETRY_AFTER_S = 60;

export interface CloudflareApiOptions {
  token: string;
  accountId: string;
  /** `CLOUDFLARE_API_BASE_URL`; default the public API. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Injected for tests (429 back-off). */
  sleep?: (ms: number) => Promise<void>;
}

export interface CloudflareError {
  code: number;
  message: string;
}

/** A failed call: which step, which request, what Cloudflare said. */
export interface ApiFailure {
  step: string;
  method: string;
  /** The path below the API base (no token, no host). */
  path: string;
  status: number;
  errors: CloudflareError[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

const envelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z.array(z.looseObject({ code: z.number(), message: z.string() })).default([]),
  result: z.unknown().optional(),
});

export interface CloudflareApi {
  readonly accountId: string;
  /** Calls made so far (every HTTP request, retries included). */
  readonly calls: number;
  request<T>(step: string, method: string, path: string, body?: unknown, schema?: z.ZodType<T>): Promise<ApiResult<T>>;
  /** Replaces the token wherever it appears in `text`. */
  scrub(text: string): string;
}

export function createCloudflareApi(options: CloudflareApiOptions): CloudflareApi {
  const base = (options.baseUrl ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const scrub = (text: string) => (options.token ? text.split(options.token).join('[redacted]') : text);
  let calls = 0;

  async function request<T>(step: string, method: string, path: string, body?: unknown, schema?: z.ZodType<T>): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const fail = (status: number, errors: CloudflareError[]): ApiResult<T> => ({
      ok: false,
      failure: { step, method, path, status, errors: errors.map((e) => ({ code: e.code, message: scrub(e.message) })) },
    });
    for (let attempt = 1; ; attempt++) {
      calls++;
      let res: Response;
      try {
        res = await doFetch(base + path, { method, headers, body: payload });
      } catch (error) {
        return fail(0, [{ code: 0, message: `the API could not be reached: ${error instanceof Error ? error.message : String(error)}` }]);
      }
      if (res.status === 429 && attempt < MAX_ATTEMPTS) {
        await res.body?.cancel();
        await sleep(retryAfterMs(res.headers.get('retry-after')));
        continue;
      }
      const text = await res.text();
      let envelope: z.infer<typeof envelopeSchema> | undefined;
      try {
        envelope = envelopeSchema.parse(JSON.parse(text));
      } catch {
        envelope = undefined;
      }
      if (!envelope) return fail(res.status, [{ code: 0, message: `not a Cloudflare API answer (HTTP ${res.status}): ${text.slice(0, 200)}` }]);
      if (!res.ok || !envelope.success) return fail(res.status, envelope.errors);
      if (!schema) {
        // SAFETY: callers without a schema ignore the result (T is unknown/void for them).
        return { ok: true, value: envelope.result as T };
      }
      const parsed = schema.safeParse(envelope.result);
      if (!parsed.success) return fail(res.status, [{ code: 0, message: `unexpected result shape: ${parsed.error.issues[0]?.message ?? 'invalid'}` }]);
      return { ok: true, value: parsed.data };
    }
  }

  return {
    accountId: options.accountId,
    get calls() {
      return calls;
    },
    request,
    scrub,
  };
}

/** Retry-After is seconds or an HTTP date; absent or unreadable means one second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return 1000;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return 1000;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_S * 1000);
}
