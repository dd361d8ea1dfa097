/** Injection and robustness (API8): payloads in every parameter and body field; negative data must be 4xx. */
import type { JsonSchema, PlanOperation } from '../../../plan';
import { mergedKeywords, objectView } from '../../../plan/schema-view';
import { bodyMedia, isRecord, type RequestParts } from '../baseline';
import { around, clip, type Session } from '../session';
import { DATABASE_ERROR } from './signatures';

export const XSS_MARKER = '<script>alert("probe-xss")</script>';
const PAYLOADS: ReadonlyArray<{ kind: string; value: string }> = [
  { kind: 'SQL', value: "' OR '1'='1' --" },
  { kind: 'NoSQL', value: '{"$gt": ""}' },
  { kind: 'command', value: '; cat /etc/passwd #' },
  { kind: 'path traversal', value: '../../../../../../etc/passwd' },
  { kind: 'template', value: '{{7*7}}$' + '{7*7}<%= 7*7 %>' },
  { kind: 'XSS', value: XSS_MARKER },
];

interface Slot {
  label: string;
  set(parts: RequestParts, value: unknown): void;
  unset?(parts: RequestParts): void;
  schema: JsonSchema;
  required: boolean;
}

/** Every place a value goes: path, query and header parameters, top-level body fields. */
function slots(session: Session, op: PlanOperation, parts: RequestParts): Slot[] {
  const out: Slot[] = [];
  for (const param of op.parameters) {
    if (param.in === 'cookie') continue;
    const where = param.in === 'path' ? parts.path : param.in === 'query' ? parts.query : undefined;
    out.push({
      label: `${param.in} parameter ${param.name}`,
      schema: param.schema,
      required: param.required,
      set: (p, v) => {
        if (param.in === 'header') p.headers[param.name.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
        else (param.in === 'path' ? p.path : p.query)[param.name] = v;
      },
      unset: where === undefined ? (p) => void delete p.headers[param.name.toLowerCase()] : (p) => void delete (param.in === 'path' ? p.path : p.query)[param.name],
    });
  }
  const schema = bodyMedia(op)?.schema;
  if (schema !== undefined && isRecord(parts.body)) {
    const view = objectView(schema, session.plan.schemas);
    for (const [name, sub] of view.properties) {
      if (mergedKeywords(sub, session.plan.schemas).readOnly === true) continue;
      out.push({
        label: `body field ${name}`,
        schema: sub,
        required: view.required.has(name),
        set: (p, v) => {
          (p.body as Record<string, unknown>)[name] = v;
        },
        unset: (p) => void delete (p.body as Record<string, unknown>)[name],
      });
    }
  }
  return out;
}

export async function injection(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (session.expected('injection', op.id).skip) continue;
    for (const slot of slots(session, op, session.baseline(op))) {
      for (const payload of PAYLOADS) {
        if (session.exhausted()) return;
        const parts = session.baseline(op);
        slot.set(parts, payload.value);
        const request = session.request(parts, 'a');
        const response = await session.send('injection', op.id, request);
        if (!response) continue;
        const what = `${payload.kind} payload in the ${slot.label} of ${op.method.toUpperCase()} ${op.path}`;
        const dbError = DATABASE_ERROR.exec(response.body);
        const html = /html/i.test(response.headers['content-type'] ?? '');
        if (!session.accepts('injection', op.id, response.status)) {
          session.report('injection', op.id, `${what} → ${response.status}`, request, { status: response.status, excerpt: clip(response.body) });
        } else if (dbError) {
          session.report('injection', op.id, `${what} → database error text`, request, { status: response.status, excerpt: around(response.body, dbError.index, dbError[0].length) });
        } else if (html && payload.kind === 'XSS' && response.body.includes(XSS_MARKER)) {
          const at = response.body.indexOf(XSS_MARKER);
          session.report('injection', op.id, `${what} → reflected unescaped in HTML`, request, { status: response.status, excerpt: around(response.body, at, XSS_MARKER.length) });
        }
      }
    }
  }
}

/** Values that break the slot's schema in one way each: wrong type, out of range, not in the enum, missing. */
function negatives(schema: JsonSchema, defs: Record<string, JsonSchema>, required: boolean): Array<{ label: string; value: unknown } | { label: string; missing: true }> {
  const node = mergedKeywords(schema, defs);
  const out: Array<{ label: string; value: unknown } | { label: string; missing: true }> = [];
  if (required) out.push({ label: 'missing', missing: true });
  if (node.oneOf !== undefined || node.anyOf !== undefined || Array.isArray(node.type)) return out;
  if (node.type === 'integer' || node.type === 'number') {
    out.push({ label: 'not a number', value: 'not-a-number' });
    if (typeof node.minimum === 'number') out.push({ label: `below its minimum ${node.minimum}`, value: node.minimum - 1 });
  } else if (node.type === 'boolean') out.push({ label: 'not a boolean', value: 'not-a-boolean' });
  else if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) out.push({ label: 'not one of its enum values', value: 'probe-not-in-enum' });
  else if (node.type === 'string' && typeof node.minLength === 'number' && node.minLength > 0) out.push({ label: `shorter than its minLength ${node.minLength}`, value: '' });
  return out;
}

export async function negativeData(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (session.expected('negative-data', op.id).skip) continue;
    const base = session.baseline(op);
    const cases: Array<{ label: string; apply(p: RequestParts): void }> = [];
    if (op.requestBody?.required && base.body !== undefined) cases.push({ label: 'no body though one is required', apply: (p) => {
          p.body = undefined;
        } });
    for (const slot of slots(session, op, base)) {
      if (slot.label.startsWith('path')) continue; // a path without its segment is another route, not negative data
      for (const negative of negatives(slot.schema, session.plan.schemas, slot.required)) {
        cases.push({ label: `${slot.label} ${negative.label}`, apply: (p) => ('missing' in negative ? slot.unset?.(p) : slot.set(p, negative.value)) });
      }
    }
    for (const c of cases) {
      if (session.exhausted()) return;
      const parts = session.baseline(op);
      c.apply(parts);
      if (session.isValid(parts)) continue;
      const request = session.request(parts, 'a');
      const response = await session.send('negative-data', op.id, request);
      if (!response || session.accepts('negative-data', op.id, response.status)) continue;
      session.report('negative-data', op.id, `${op.method.toUpperCase()} ${op.path} answered ${response.status} with the ${c.label}`, request, { status: response.status, excerpt: clip(response.body) });
    }
  }
}
