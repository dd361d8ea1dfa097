/** API8 and API9: CORS, unsupported methods, undeclared versions and paths; passive: verbose errors, security headers. */
import type { PlanOperation } from '../../../plan';
import { around, clip, type Session } from '../session';
import type { ProbeRequest, ProbeResponse } from '../types';
import { DATABASE_ERROR, STACK_TRACE } from './signatures';

const EVIL_ORIGIN = 'https://probe-attacker.example';
const INTERNAL_PATHS = ['/admin', '/debug', '/internal', '/actuator/env', '/.env', '/server-status', '/console'];

export async function cors(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (op.method !== 'get' || session.exhausted() || session.expected('cors', op.id).skip) continue;
    const request = session.request(session.baseline(op), 'a');
    request.headers.origin = EVIL_ORIGIN;
    const response = await session.send('cors', op.id, request);
    if (!response) continue;
    const allowed = response.headers['access-control-allow-origin'];
    const credentials = response.headers['access-control-allow-credentials'];
    if ((allowed === EVIL_ORIGIN || allowed === 'null') && credentials?.toLowerCase() === 'true') {
      session.report('cors', op.id, `${op.method.toUpperCase()} ${op.path} allows the origin ${EVIL_ORIGIN} with credentials`, request, {
        status: response.status,
        excerpt: `access-control-allow-origin: ${allowed}; access-control-allow-credentials: ${credentials}`,
        headers: { 'access-control-allow-origin': allowed, 'access-control-allow-credentials': credentials },
      });
    }
  }
}

export async function unsupportedMethods(session: Session): Promise<void> {
  const byPath = new Map<string, PlanOperation[]>();
  for (const op of session.plan.operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  for (const [path, ops] of byPath) {
    const op = ops[0];
    if (session.exhausted() || session.expected('unsupported-methods', op.id).skip) continue;
    const declared = new Set(ops.map((o) => o.method));
    const other = (['post', 'get', 'put', 'patch', 'delete'] as const).find((m) => !declared.has(m) && (session.options.allowWrites || m === 'post' || m === 'get'));
    const methods = [...(declared.has('trace') ? [] : ['TRACE']), ...(other ? [other.toUpperCase()] : [])];
    for (const method of methods) {
      const parts = { ...session.baseline(op), method };
      if (method === 'TRACE' || method === 'GET') parts.body = undefined;
      const request = session.request(parts, 'a');
      const response = await session.send('unsupported-methods', op.id, request);
      if (!response || session.accepts('unsupported-methods', op.id, response.status)) continue;
      const label = `${method} ${path}`;
      session.report('unsupported-methods', op.id, `${label} (not declared) answered ${response.status} instead of 405`, request, { status: response.status, excerpt: clip(response.body) });
    }
  }
}

/** Other versions of the target's version segment, and well-known internal paths. */
function inventoryUrls(session: Session): Array<{ url: string; label: string; op?: PlanOperation }> {
  const target = new URL(session.options.target);
  const out: Array<{ url: string; label: string; op?: PlanOperation }> = [];
  const get = session.plan.operations.find((o) => o.method === 'get' && !o.path.includes('{')) ?? session.plan.operations.find((o) => o.method === 'get');
  if (get) {
    const base = session.request(session.baseline(get), 'a').url;
    const version = /\/v(\d+)(?=\/|$)/i.exec(new URL(base).pathname);
    if (version) {
      const n = Number(version[1]);
      for (const other of [`v${n + 1}`, ...(n > 0 ? [`v${n - 1}`] : []), 'beta', 'internal']) {
        const url = new URL(base);
        url.pathname = url.pathname.replace(version[0], `/${other}`);
        out.push({ url: url.href, label: `GET ${url.pathname}`, op: get });
      }
    }
  }
  for (const path of INTERNAL_PATHS) {
    const url = new URL(target.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`;
    url.search = '';
    if (session.plan.operations.some((o) => `${session.plan.basePath}${o.path}` === url.pathname || o.path === path)) continue;
    out.push({ url: url.href, label: `GET ${url.pathname}` });
  }
  return out;
}

export async function undeclaredInventory(session: Session): Promise<void> {
  for (const { url, label, op } of inventoryUrls(session)) {
    if (session.exhausted() || session.expected('undeclared-inventory', label).skip) continue;
    const headers = op ? session.credentials(op, 'a').headers : {};
    const request: ProbeRequest = { method: 'GET', url, headers: { accept: 'application/json, */*;q=0.5', ...headers } };
    const response = await session.send('undeclared-inventory', label, request);
    if (!response || session.accepts('undeclared-inventory', label, response.status)) continue;
    session.report('undeclared-inventory', label, `${label} is not in the spec but answered ${response.status}`, request, { status: response.status, excerpt: clip(response.body) });
  }
}

export function verboseErrorsDetector(session: Session, operation: string, request: ProbeRequest, response: ProbeResponse): void {
  const found = STACK_TRACE.exec(response.body) ?? DATABASE_ERROR.exec(response.body);
  if (!found) return;
  const what = STACK_TRACE.test(response.body) ? 'a stack trace' : 'database error text';
  session.report('verbose-errors', operation, `the ${response.status} answer carries ${what}`, request, { status: response.status, excerpt: around(response.body, found.index, found[0].length) });
}

export function securityHeadersDetector(session: Session, operation: string, request: ProbeRequest, response: ProbeResponse): void {
  if (!/text\/html/i.test(response.headers['content-type'] ?? '')) return;
  const missing: string[] = [];
  if ((response.headers['x-content-type-options'] ?? '').toLowerCase() !== 'nosniff') missing.push('X-Content-Type-Options: nosniff');
  if (!response.headers['content-security-policy'] && !response.headers['x-frame-options']) missing.push('Content-Security-Policy or X-Frame-Options');
  if (missing.length === 0) return;
  session.report('security-headers', operation, `an HTML answer lacks ${missing.join(' and ')}`, request, {
    status: response.status,
    excerpt: `missing: ${missing.join('; ')}`,
    headers: { 'content-type': response.headers['content-type'] },
  });
}

/** Each operation's valid request and a malformed one, so the passive detectors see errors. */
export async function provokeErrors(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (session.exhausted() || session.expected('verbose-errors', op.id).skip) continue;
    await session.send('verbose-errors', op.id, session.request(session.baseline(op), 'a'));
    const parts = session.baseline(op);
    if (parts.body !== undefined) parts.rawBody = '{"probe": ';
    else if (Object.keys(parts.path).length > 0) for (const name of Object.keys(parts.path)) parts.path[name] = `'"<probe>`;
    else if (op.parameters.some((p) => p.in === 'query')) parts.query[op.parameters.find((p) => p.in === 'query')!.name] = `'"<probe>`;
    else continue;
    await session.send('verbose-errors', op.id, session.request(parts, 'a'));
  }
}
