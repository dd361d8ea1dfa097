/**
 * The mock origin: every request goes through the compiled runtime, gets CORS and correlation
 * headers, and leaves a log record that is written after the response (never before it).
 */
import { monotonicFactory } from 'ulid';
import { BODY_CAP, capBody, redactHeaders, redactQuery, type RequestLogRecord } from '../../src/logs/record';
import { PROBLEM_CONTENT_TYPE } from '../../src/problem';
import type { MockResponse } from '../../src/runtime';
import type { Env } from './env';
import { enqueueLog } from './log-writer';
import { served } from './plan-cache';
import { secretNames } from './secrets';

const ulid = monotonicFactory();
const MAX_BODY = 10 * 1024 * 1024;

export async function handleMockRequest(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const started = Date.now();
  const url = new URL(request.url);
  const query = url.search.length > 1 ? url.search.slice(1) : '';
  const correlationId = request.headers.get('x-correlation-id') || ulid(started);
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : new Uint8Array(await request.arrayBuffer());
  const { runtime, settings } = await served(env);

  let result: MockResponse;
  if (runtime === null) {
    result = problemResult(503, 'no-plan', 'No plan is loaded', `Mock "${env.MOCK_ID}" has no spec yet: import one through the admin API (PUT /api/plan).`);
  } else if (body !== null && body.byteLength > MAX_BODY) {
    result = problemResult(413, 'body-too-large', 'The request body is too large', `The mock accepts bodies up to ${MAX_BODY} bytes.`);
  } else if (settings.cors && isPreflight(request)) {
    const methods = runtime.methodsAt(url.pathname);
    result = { status: 204, headers: preflightHeaders(request, methods), body: null, operation: null, violations: [] };
  } else {
    result = await runtime.handle({ method: request.method, path: url.pathname, query, headers: request.headers, body }, settings);
  }

  const headers = new Headers(result.headers);
  headers.set('x-correlation-id', correlationId);
  const origin = request.headers.get('origin');
  if (settings.cors && origin !== null) {
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-credentials', 'true');
    headers.append('vary', 'Origin');
    const exposed = Object.keys(result.headers).filter((h) => h !== 'content-type');
    headers.set('access-control-expose-headers', ['x-correlation-id', ...exposed].join(', '));
  }
  const responseBody = request.method === 'HEAD' ? null : result.body;
  const bodyText = typeof result.body === 'string' ? result.body : null;
  const bodySize = result.body === null ? 0 : typeof result.body === 'string' ? byteLength(result.body) : result.body.byteLength;
  const response = new Response(responseBody, { status: result.status, headers });

  const secrets = runtime ? secretNames(runtime.plan) : EMPTY;
  const record: RequestLogRecord = {
    id: ulid(started),
    mock: env.MOCK_ID,
    planVersion: runtime?.plan.version ?? '',
    ts: started,
    method: request.method,
    path: url.pathname,
    operationId: result.operation?.id ?? null,
    query: redactQuery(query, secrets.query),
    requestHeaders: redactHeaders(request.headers, secrets.header),
    requestBody: body === null || body.byteLength === 0 ? null : capBody(decodeText(body)),
    requestBodySize: body?.byteLength ?? 0,
    status: result.status,
    responseHeaders: Object.fromEntries(headers),
    responseBody: request.method === 'HEAD' ? null : capBody(bodyText),
    responseBodySize: request.method === 'HEAD' ? 0 : bodySize,
    latencyMs: Date.now() - started,
    clientAddress: request.headers.get('cf-connecting-ip') ?? request.headers.get('x-forwarded-for'),
    userAgent: request.headers.get('user-agent'),
    sessionId: request.headers.get('x-test-session'),
    correlationId,
    validationErrors: result.violations.length > 0 ? result.violations : null,
  };
  enqueueLog(env, ctx, record);
  return response;
}

const EMPTY = { header: new Set<string>(), query: new Set<string>() };

function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}

function preflightHeaders(request: Request, methods: string[]): Record<string, string> {
  const wanted = request.headers.get('access-control-request-method') ?? '';
  return {
    'access-control-allow-methods': (methods.length > 0 ? methods : [wanted]).join(', '),
    'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? '*',
    'access-control-max-age': '600',
  };
}

function problemResult(status: number, slug: string, title: string, detail: string): MockResponse {
  const body = JSON.stringify({ type: `https://mockloop.dev/problems/${slug}`, title, status, detail });
  return { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body, operation: null, violations: [] };
}

/** Request bodies are stored as text when they decode as UTF-8, else described. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.byteLength > BODY_CAP ? bytes.slice(0, BODY_CAP) : bytes);
  } catch {
    return `[binary ${bytes.byteLength} bytes]`;
  }
}

function byteLength(text: string): number {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) if (text.charCodeAt(i) > 127) ascii = false;
  return ascii ? text.length : new TextEncoder().encode(text).byteLength;
}
