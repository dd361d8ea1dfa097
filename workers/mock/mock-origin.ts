/**
 * The mock origin: every request goes through the compiled runtime, gets CORS and correlation
 * headers, and leaves a log record that is written after the response (never before it).
 */
import { BODY_CAP, capBody, redactHeaders, redactQuery } from '../../src/logs/record';
import { redactBody } from '../../src/logs/redact-body';
import { sessionIdOf } from '../../src/logs/session-id';
import { correlationIdOf } from '../../src/logs/correlation-id';
import { createUlidFactory } from '../../src/logs/ulid';
import { problem, problemType } from '../../src/problem';
import { BODY_TOO_LARGE, chunksOf, HeaderSnapshot, type MockResponse, NO_PLAN, PAUSED, problemOf } from '../../src/runtime';
import type { Env } from './env';
import { fireCallbacks } from './callbacks';
import { enqueueLog } from './log-writer';
import { served, servedNow } from './plan-cache';
import { readBodyCapped } from './read-body';
import { recordStore } from './record-store';
import { type ParsedTarget, parseRequestTarget } from './request-target';
import { responseHeaders } from './response-headers';
import { secretNames } from './secrets';
import { scrubSecrets } from '../../src/proxy';
import { mockStateStub } from './mock-state';
import { secretsOf, upstreamFor } from './upstream';

const MOCK_FAILED = problemType('internal', 'The mock failed to answer', 500);
const BAD_REQUEST_TARGET = problemType('bad-request-target', 'The request target is not valid', 400);

const ulid = createUlidFactory((bytes) => crypto.getRandomValues(bytes));
const MAX_BODY = 10 * 1024 * 1024;

export async function handleMockRequest(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const started = Date.now();
  const method = request.method;
  // Read once: the runtime and the log both read the headers, each Headers.get is a runtime call.
  const requestHeaders = new HeaderSnapshot(request.headers);
  const parsed = parseRequestTarget(request.url);
  const { path, query } = parsed.form === 'path' ? parsed.target : { path: parsed.form === 'asterisk' ? '*' : request.url.slice(0, 2048), query: '' };
  const correlationId = correlationIdOf(requestHeaders.get('x-correlation-id'), () => ulid(started));
  const sessionId = sessionIdOf(requestHeaders.get('x-test-session'));
  // Past MAX_BODY nothing is kept (the rest is drained, see read-body.ts) and the answer is 413.
  const read = method === 'GET' || method === 'HEAD' ? null : await readBodyCapped(request, MAX_BODY);
  const body = read === null ? null : read.ok ? read.bytes : new Uint8Array(0);
  const bodySizeIn = read === null ? 0 : read.ok ? read.bytes.byteLength : read.size;
  // A client that saw an admin change (its X-Mockloop-State-Version) is never served an older state.
  const seen = requestHeaders.get('x-mockloop-state-version');
  const minVersion = seen === null ? 0 : Number(seen) || 0;
  const { runtime, settings, steering } = servedNow(minVersion) ?? (await served(env, minVersion));

  let result: MockResponse;
  if (runtime === null) {
    result = problemOf(problem(NO_PLAN, `Mock "${env.MOCK_ID}" has no spec yet: import one through the admin API (PUT /api/plan).`), null);
  } else if (steering?.paused) {
    result = problemOf(problem(PAUSED, 'The mock was paused through its admin API (POST /api/server/control {"action":"pause"}); resume it with {"action":"resume"}.'), null);
    result.headers['retry-after'] = '1';
  } else if (parsed.form !== 'path') {
    result = targetResult(parsed, method, runtime.plan.operations.map((op) => op.method.toUpperCase()));
  } else if (read !== null && !read.ok) {
    result = problemOf(problem(BODY_TOO_LARGE, `The mock accepts bodies up to ${MAX_BODY} bytes.`), null);
  } else if (settings.cors && isPreflight(method, requestHeaders)) {
    const methods = runtime.methodsAt(path);
    result = { status: 204, headers: preflightHeaders(requestHeaders, methods), body: null, operation: null, violations: [] };
  } else {
    const rules = steering === null ? null : steering.rulesFor(sessionId);
    const steer = rules === null ? undefined : { rules, records: rules.stateful ? recordStore(env, rules.scope) : null };
    try {
      const upstream = settings.upstream ? upstreamFor(env, runtime, settings.upstream) : undefined;
      result = await runtime.handle({ method, path, query, headers: requestHeaders, body }, settings, steer, upstream);
    } catch (error) {
      // A failure of ours still answers as a problem and still leaves its log row.
      console.error(`mockloop: ${method} ${path} failed`, error);
      result = problemOf(problem(MOCK_FAILED, "The mock could not build a response for this request; the failure is in the worker's log."), null);
    }
    if (result.delivery !== undefined && result.delivery.delayMs > 0) await sleep(result.delivery.delayMs);
    // Drift (diff mode) is stored after the answer; it never holds the client up.
    if (result.drift !== undefined) ctx.waitUntil(mockStateStub(env).addDrift(result.drift).catch((error) => console.error('mockloop: drift not stored', error)));
  }

  // One plain object serves the Response and the log alike (no Headers copy to read back).
  const { headers, template } = responseHeaders(result.headers, correlationId, settings.cors ? requestHeaders.get('origin') : null);
  const head = method === 'HEAD';
  const bodyText = typeof result.body === 'string' ? result.body : null;
  const bodySize = result.body === null ? 0 : typeof result.body === 'string' ? byteLength(result.body) : result.body.byteLength;
  const dribble = result.delivery?.dribble;
  const sent = head || result.body === null ? null : dribble ? dribbled(result.body, dribble.chunkBytes, dribble.intervalMs) : result.body;
  const response = new Response(sent, { status: result.status, headers });

  // Redacted here, before the record exists: search, exports, MCP results and resources only ever see this.
  const secrets = secretNames(runtime?.plan ?? null, env.LOG_REDACT_FIELDS);
  // An upstream that echoes its credentials (as httpbin does) must not put them in the log.
  const scrubbed = result.headers['x-mockloop-source'] === 'upstream' ? secretsOf(settings.upstream) : [];
  // The request and response as the log keeps them; callbacks read exactly these.
  const loggedQuery = redactQuery(query, secrets);
  const loggedRequestHeaders = redactHeaders(requestHeaders.entries, secrets);
  const loggedRequestBody = body === null || body.byteLength === 0 ? null : capBody(redactBody(decodeText(body), requestHeaders.get('content-type'), secrets.field));
  const loggedResponseHeaders = scrubbed.length === 0 ? headers : scrubHeaders(headers, scrubbed);
  const loggedResponseBody = bodyText === null || scrubbed.length === 0 ? bodyText : scrubSecrets(bodyText, scrubbed);
  const flushed = enqueueLog(env, ctx, {
    id: ulid(started),
    mock: env.MOCK_ID,
    planVersion: runtime?.plan.version ?? '',
    ts: started,
    method,
    path,
    operationId: result.operation?.id ?? null,
    query: loggedQuery,
    requestHeaders: loggedRequestHeaders,
    requestBody: loggedRequestBody,
    requestBodySize: bodySizeIn,
    status: result.status,
    responseHeaders: loggedResponseHeaders,
    responseHeadersTemplate: scrubbed.length === 0 ? template : null,
    responseBody: head ? null : capBody(loggedResponseBody),
    responseBodySize: head ? 0 : bodySize,
    latencyMs: Date.now() - started,
    clientAddress: requestHeaders.get('cf-connecting-ip') ?? requestHeaders.get('x-forwarded-for'),
    userAgent: requestHeaders.get('user-agent'),
    sessionId,
    correlationId,
    validationErrors: result.violations.length > 0 ? result.violations : null,
  });
  // OAS callbacks follow the answer, outside the client's wait (callbacks.ts). They read the
  // request as the log keeps it: a secret the log redacts never travels into a callback URL.
  if (runtime !== null && result.operation?.callbacks !== undefined) {
    ctx.waitUntil(
      fireCallbacks(env, runtime.plan, result.operation, {
        url: request.url,
        method,
        path,
        query: loggedQuery,
        requestHeaders: loggedRequestHeaders,
        requestBody: loggedRequestBody,
        status: result.status,
        responseHeaders: loggedResponseHeaders,
        responseBody: loggedResponseBody,
        seed: correlationId,
      }),
    );
  }
  // The log is far behind: this response waits for its batch to be in D1 (see log-writer.ts).
  if (flushed !== null) await flushed;
  return response;
}

function scrubHeaders(headers: Record<string, string>, secrets: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, scrubSecrets(value, secrets)]));
}

/** `OPTIONS *` asks what the server supports; any other method on `*`, or an unreadable target, is a bad request. */
function targetResult(parsed: Exclude<ParsedTarget, { form: 'path' }>, method: string, methods: string[]): MockResponse {
  if (parsed.form === 'asterisk' && method === 'OPTIONS') {
    return { status: 204, headers: { allow: [...new Set([...methods, 'OPTIONS'])].join(', ') }, body: null, operation: null, violations: [] };
  }
  const detail = parsed.form === 'asterisk' ? `The asterisk-form target (*) names no resource; only OPTIONS * is answered, not ${method} *.` : parsed.detail;
  return problemOf(problem(BAD_REQUEST_TARGET, detail), null);
}

function isPreflight(method: string, headers: HeaderSnapshot): boolean {
  return method === 'OPTIONS' && headers.has('origin') && headers.has('access-control-request-method');
}

function preflightHeaders(headers: HeaderSnapshot, methods: string[]): Record<string, string> {
  const wanted = headers.get('access-control-request-method') ?? '';
  return {
    'access-control-allow-methods': (methods.length > 0 ? methods : [wanted]).join(', '),
    'access-control-allow-headers': headers.get('access-control-request-headers') ?? '*',
    'access-control-max-age': '600',
  };
}

/** Request bodies are stored as text when they decode as UTF-8, else described. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.byteLength > BODY_CAP ? bytes.slice(0, BODY_CAP) : bytes);
  } catch {
    return `[binary ${bytes.byteLength} bytes]`;
  }
}

/** UTF-8 size of a body. A mock sends the same static body string again and again: the last one is remembered. */
let sized: { text: string; bytes: number } = { text: '', bytes: 0 };

function byteLength(text: string): number {
  if (text === sized.text) return sized.bytes;
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) if (text.charCodeAt(i) > 127) ascii = false;
  sized = { text, bytes: ascii ? text.length : new TextEncoder().encode(text).byteLength };
  return sized.bytes;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A body sent `chunkBytes` at a time, `intervalMs` apart (a slow upstream). */
function dribbled(body: string | Uint8Array, chunkBytes: number, intervalMs: number): ReadableStream<Uint8Array> {
  const chunks = chunksOf(body, chunkBytes);
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index > 0) await sleep(intervalMs);
      if (index >= chunks.length) return controller.close();
      controller.enqueue(chunks[index++]);
    },
  });
}
