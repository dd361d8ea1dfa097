/** API3: readOnly properties accepted in writes, mass assignment, writeOnly or undeclared properties in responses. */
import type { JsonSchema, PlanOperation } from '../../../plan';
import { mergedKeywords, objectView } from '../../../plan/schema-view';
import { bodyMedia, isRecord } from '../baseline';
import { around, clip, type Session } from '../session';
import type { ProbeRequest, ProbeResponse } from '../types';

const WRITES = new Set(['post', 'put', 'patch']);
const SENSITIVE = /pass(word)?|secret|token|hash|salt|ssn|private|api_?key|credit_?card|cvv|internal/i;
const EXTRA_PROPERTIES = { isAdmin: true, role: 'admin', probeMassAssignment: 'probe-mass-assignment' };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A value for `schema` that the answer can be recognised by. */
function markerFor(schema: JsonSchema, defs: Record<string, JsonSchema>): unknown {
  const node = mergedKeywords(schema, defs);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'integer' || type === 'number') return 424242;
  if (type === 'boolean') return true;
  if (type === 'string' && node.format === undefined && node.enum === undefined && node.pattern === undefined) return 'probe-read-only-value';
  if (type === 'string' && node.format === 'date-time') return '2001-02-03T04:05:06Z';
  if (type === 'string' && node.format === 'uuid') return '00000000-0000-4000-8000-00000000beef';
  return undefined;
}

function bodySchema(op: PlanOperation): JsonSchema | undefined {
  return bodyMedia(op)?.schema;
}

async function writeAndLook(session: Session, check: 'read-only-write' | 'mass-assignment', op: PlanOperation, extra: Record<string, unknown>) {
  const parts = session.baseline(op);
  if (!isRecord(parts.body)) return;
  parts.body = { ...parts.body, ...extra };
  const request = session.request(parts, 'a');
  const response = await session.send(check, op.id, request);
  if (!response || response.status < 200 || response.status > 299) return;
  const answer = parseJson(response.body);
  if (!isRecord(answer)) return;
  for (const [name, value] of Object.entries(extra)) {
    if (name === 'role' || !(name in answer) || JSON.stringify(answer[name]) !== JSON.stringify(value)) continue;
    const title =
      check === 'read-only-write'
        ? `the readOnly property ${name} was accepted in ${op.method.toUpperCase()} ${op.path} and came back as sent`
        : `the undeclared property ${name} sent to ${op.method.toUpperCase()} ${op.path} came back in the answer`;
    const at = response.body.indexOf(`"${name}"`);
    session.report(check, op.id, title, request, { status: response.status, excerpt: around(response.body, at, name.length + 40) });
  }
}

export async function readOnlyWrite(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (!WRITES.has(op.method) || session.exhausted() || session.expected('read-only-write', op.id).skip) continue;
    const schema = bodySchema(op);
    if (!schema) continue;
    const extra: Record<string, unknown> = {};
    for (const [name, sub] of objectView(schema, session.plan.schemas).properties) {
      if (mergedKeywords(sub, session.plan.schemas).readOnly !== true) continue;
      const marker = markerFor(sub, session.plan.schemas);
      if (marker !== undefined) extra[name] = marker;
    }
    if (Object.keys(extra).length > 0) await writeAndLook(session, 'read-only-write', op, extra);
  }
}

export async function massAssignment(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (!WRITES.has(op.method) || session.exhausted() || session.expected('mass-assignment', op.id).skip) continue;
    const schema = bodySchema(op);
    if (!schema) continue;
    const declared = objectView(schema, session.plan.schemas).properties;
    if (Object.keys(EXTRA_PROPERTIES).some((name) => declared.has(name))) continue;
    await writeAndLook(session, 'mass-assignment', op, EXTRA_PROPERTIES);
  }
}

/** Sends each operation's valid request once; the passive detector below judges what comes back. */
export async function responsePropertyLeak(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (session.exhausted() || session.expected('response-property-leak', op.id).skip) continue;
    await session.send('response-property-leak', op.id, session.request(session.baseline(op), 'a'));
  }
}

/** Passive: any 2xx JSON answer of a declared operation, against its response schema. */
export function responsePropertyLeakDetector(session: Session, operation: string, request: ProbeRequest, response: ProbeResponse): void {
  if (response.status < 200 || response.status > 299 || !/json/i.test(response.headers['content-type'] ?? '')) return;
  const op = session.plan.operations.find((o) => o.id === operation);
  if (!op) return;
  const declared = op.responses.find((r) => r.status === String(response.status)) ?? op.responses.find((r) => r.status === '2XX') ?? op.responses.find((r) => r.status === 'default');
  const schema = declared?.contents.find((c) => /json/i.test(c.mediaType))?.schema;
  if (schema === undefined) return;
  const body = parseJson(response.body);
  for (const leak of leaks(body, schema, session.plan.schemas, '', 0)) {
    const at = response.body.indexOf(`"${leak.name}"`);
    const title = `${leak.why} property ${leak.path} in the ${response.status} answer of ${op.method.toUpperCase()} ${op.path}`;
    const severity = leak.why === 'undeclared' && !SENSITIVE.test(leak.name) ? 'info' : undefined;
    const before = session.findings.length;
    session.report('response-property-leak', operation, title, request, { status: response.status, excerpt: at >= 0 ? around(response.body, at, 60) : clip(response.body) });
    if (severity && session.findings.length > before) session.findings[session.findings.length - 1].severity = severity;
  }
}

interface Leak {
  name: string;
  path: string;
  why: 'writeOnly' | 'undeclared';
}

function leaks(value: unknown, schema: JsonSchema, defs: Record<string, JsonSchema>, path: string, depth: number): Leak[] {
  if (depth > 4) return [];
  const view = objectView(schema, defs);
  if (Array.isArray(value)) return view.items === undefined ? [] : value.slice(0, 3).flatMap((item, i) => leaks(item, view.items!, defs, `${path}/${i}`, depth + 1));
  if (!isRecord(value) || view.properties.size === 0) return [];
  const node = mergedKeywords(schema, defs);
  const openEnded = node.additionalProperties !== undefined && node.additionalProperties !== false;
  const out: Leak[] = [];
  for (const [name, sub] of Object.entries(value)) {
    const declared = view.properties.get(name);
    if (declared === undefined) {
      if (!openEnded && node.patternProperties === undefined) out.push({ name, path: `${path}/${name}`, why: 'undeclared' });
      continue;
    }
    if (mergedKeywords(declared, defs).writeOnly === true) out.push({ name, path: `${path}/${name}`, why: 'writeOnly' });
    else out.push(...leaks(sub, declared, defs, `${path}/${name}`, depth + 1));
  }
  return out;
}
