/** API7: URL-taking parameters and fields pointed at the canary; a hit on it is a finding. */
import type { JsonSchema, PlanOperation } from '../../../plan';
import { mergedKeywords, objectView } from '../../../plan/schema-view';
import { bodyMedia, isRecord, type RequestParts } from '../baseline';
import type { Session } from '../session';
import type { ProbeRequest } from '../types';

const URL_NAME = /(url|uri|href|link|callback|webhook|endpoint|redirect|avatar|image|feed|proxy|fetch|target|source|dest(ination)?)$/i;

function takesUrl(name: string, schema: JsonSchema, defs: Record<string, JsonSchema>): boolean {
  const node = mergedKeywords(schema, defs);
  if (node.type !== undefined && node.type !== 'string') return false;
  if (node.enum !== undefined || node.const !== undefined) return false;
  const format = typeof node.format === 'string' ? node.format.toLowerCase() : '';
  return format === 'uri' || format === 'url' || format === 'iri' || format === 'uri-reference' || URL_NAME.test(name);
}

function targets(session: Session, op: PlanOperation, parts: RequestParts): Array<{ label: string; set(p: RequestParts, url: string): void }> {
  const defs = session.plan.schemas;
  const out: Array<{ label: string; set(p: RequestParts, url: string): void }> = [];
  for (const param of op.parameters) {
    if ((param.in !== 'query' && param.in !== 'header') || !takesUrl(param.name, param.schema, defs)) continue;
    out.push({ label: `${param.in} parameter ${param.name}`, set: (p, url) => {
        if (param.in === 'query') p.query[param.name] = url;
        else p.headers[param.name.toLowerCase()] = url;
      } });
  }
  const schema = bodyMedia(op)?.schema;
  if (schema !== undefined && isRecord(parts.body)) {
    for (const [name, sub] of objectView(schema, defs).properties) {
      if (takesUrl(name, sub, defs)) out.push({ label: `body field ${name}`, set: (p, url) => {
          (p.body as Record<string, unknown>)[name] = url;
        } });
    }
  }
  return out;
}

export async function ssrf(session: Session): Promise<void> {
  const canary = session.options.canary;
  if (!canary) return;
  const sent = new Map<string, { op: PlanOperation; label: string; request: ProbeRequest; status: number }>();
  let n = 0;
  for (const op of session.plan.operations) {
    if (session.expected('ssrf', op.id).skip) continue;
    for (const target of targets(session, op, session.baseline(op))) {
      if (session.exhausted()) break;
      const token = `p${(n++).toString(36)}${Math.abs(hash(op.id + target.label)).toString(36)}`;
      const parts = session.baseline(op);
      target.set(parts, canary.url(token));
      const request = session.request(parts, 'a');
      const response = await session.send('ssrf', op.id, request);
      if (response) sent.set(token, { op, label: target.label, request, status: response.status });
    }
  }
  if (sent.size === 0) return;
  for (const token of await canary.hits()) {
    const hit = sent.get(token);
    if (!hit) continue;
    session.report('ssrf', hit.op.id, `${hit.op.method.toUpperCase()} ${hit.op.path} fetched the canary URL given in its ${hit.label}`, hit.request, {
      status: hit.status,
      excerpt: `the canary received a request for token ${token}`,
    });
  }
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
