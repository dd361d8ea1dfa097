/** API4: limits past their declared maximum, deep nesting, no limit declared (info), no rate limiting (info). */
import type { JsonSchema, PlanOperation } from '../../../plan';
import { mergedKeywords, objectView } from '../../../plan/schema-view';
import { bodyMedia, isRecord, type RequestParts } from '../baseline';
import { clip, reportAt, type Session } from '../session';

const PAGE_SIZE = /^(limit|size|page_?size|per_?page|count|top|max(_?results)?|first|last|take)$/i;
const NESTING = 2000;
const BURST = 20;

interface Over {
  label: string;
  apply(parts: RequestParts): void;
}

function overValue(schema: JsonSchema, defs: Record<string, JsonSchema>, sample: unknown): unknown {
  const node = mergedKeywords(schema, defs);
  if (typeof node.maximum === 'number') return Number.isInteger(node.maximum) ? node.maximum + 1 : node.maximum * 2;
  if (typeof node.maxLength === 'number' && node.maxLength < 1_000_000) return 'a'.repeat(node.maxLength + 1);
  if (typeof node.maxItems === 'number' && node.maxItems < 100_000) {
    const item = Array.isArray(sample) && sample.length > 0 ? sample[0] : 'a';
    return Array.from({ length: node.maxItems + 1 }, () => item);
  }
  return undefined;
}

function overs(session: Session, op: PlanOperation, parts: RequestParts): Over[] {
  const defs = session.plan.schemas;
  const out: Over[] = [];
  for (const param of op.parameters) {
    if (param.in !== 'query') continue;
    const value = overValue(param.schema, defs, parts.query[param.name]);
    if (value !== undefined) out.push({ label: `query ${param.name} past its declared maximum`, apply: (p) => {
          p.query[param.name] = value;
        } });
  }
  const schema = bodyMedia(op)?.schema;
  if (schema !== undefined && isRecord(parts.body)) {
    for (const [name, sub] of objectView(schema, defs).properties) {
      const value = overValue(sub, defs, parts.body[name]);
      if (value !== undefined) out.push({ label: `body ${name} past its declared maximum`, apply: (p) => {
            (p.body as Record<string, unknown>)[name] = value;
          } });
    }
    // Only JSON bodies nest; a form body or a GET's body would not be read as structure.
    if (op.method !== 'get' && op.method !== 'head' && /json/i.test(parts.mediaType ?? '')) out.push({ label: `a body nested ${NESTING} levels deep`, apply: (p) => {
        p.rawBody = `${'['.repeat(NESTING)}${']'.repeat(NESTING)}`;
      } });
  }
  return out;
}

export async function resourceLimits(session: Session): Promise<void> {
  for (const op of session.plan.operations) {
    if (session.exhausted() || session.expected('resource-limits', op.id).skip) continue;
    for (const over of overs(session, op, session.baseline(op))) {
      const parts = session.baseline(op);
      over.apply(parts);
      if (session.isValid(parts)) continue;
      const request = session.request(parts, 'a');
      const response = await session.send('resource-limits', op.id, request);
      if (!response || session.accepts('resource-limits', op.id, response.status)) continue;
      session.report('resource-limits', op.id, `${op.method.toUpperCase()} ${op.path} answered ${response.status} to ${over.label}`, request, { status: response.status, excerpt: clip(response.body) });
    }
    for (const param of op.parameters) {
      if (param.in !== 'query' || !PAGE_SIZE.test(param.name)) continue;
      const node = mergedKeywords(param.schema, session.plan.schemas);
      if (typeof node.maximum === 'number') continue;
      const parts = session.baseline(op);
      parts.query[param.name] = 100000;
      const request = session.request(parts, 'a');
      const response = await session.send('resource-limits', op.id, request);
      if (!response || response.status < 200 || response.status > 299) continue;
      reportAt(session, 'info', 'resource-limits', op.id, `${op.method.toUpperCase()} ${op.path}: the page size ${param.name} declares no maximum and 100000 was accepted`, request, {
        status: response.status,
        excerpt: clip(response.body, 200),
      });
    }
  }
}

/** A short burst to the first safe operation; no 429 and no RateLimit headers is information. */
export async function rateLimit(session: Session): Promise<void> {
  const op = session.plan.operations.find((o) => o.method === 'get' && !session.expected('rate-limit', o.id).skip);
  if (!op) return;
  const request = session.request(session.baseline(op), 'a');
  let last: { status: number; body: string } | undefined;
  for (let i = 0; i < BURST && !session.exhausted(); i++) {
    const response = await session.send('rate-limit', op.id, request);
    if (!response) return;
    last = response;
    const limited = response.status === 429 || Object.keys(response.headers).some((h) => /^(x-)?rate-?limit/i.test(h));
    if (limited) return;
  }
  if (last) {
    session.report('rate-limit', op.id, `${BURST} requests in a burst to ${op.method.toUpperCase()} ${op.path}: no 429 and no RateLimit headers`, request, {
      status: last.status,
      excerpt: clip(last.body, 200),
    });
  }
}
