/**
 * What a client sends: parameters and body fields that look injectable (free-form strings, or
 * names that usually reach a query, a URL fetch or a file path), and what write operations require.
 */
import { isFreeForm, mergedKeywords, objectView, stringConstraints } from '../schema-view';
import type { JsonSchema, MockPlan, PlanMedia, PlanOperation } from '../types';
import { type Bounded, bounded, isWrite, type OperationRef, refOf } from './common';

/** Why an input looks injectable. */
export type InputRisk = 'free-form' | 'search' | 'identifier' | 'url' | 'file' | 'command';

export interface InjectableInput extends OperationRef {
  in: 'path' | 'query' | 'header' | 'cookie' | 'body';
  /** The parameter name, or the body field's path (`author.name`, `tags[]`). */
  name: string;
  risks: InputRisk[];
}

export interface WriteOperation extends OperationRef {
  bodyRequired: boolean;
  mediaTypes: string[];
  /** Required top-level body fields (after refs and allOf). */
  requiredFields: string[];
}

const NAME_RISKS: [InputRisk, RegExp][] = [
  ['search', /^(q|query|search|filter|filters|where|sort|sort_?by|order|order_?by|fields|select|expand|include|term|keyword)s?$/i],
  ['identifier', /^(id|uuid|key|slug)$|(_id|Id|ID)$/],
  ['url', /(url|uri|href|link|redirect|callback|return_?to|next|webhook|target|dest|destination)$/i],
  ['file', /(file|filename|path|dir|folder|template|attachment)$/i],
  ['command', /^(cmd|command|exec|script|expression|expr)$/i],
];
/** Formats that still take arbitrary URLs, so a `format` does not make a URL-like input safe. */
const URL_FORMATS = new Set(['uri', 'url', 'iri', 'uri-reference', 'iri-reference', 'hostname']);
const WEIGHT: Record<InputRisk, number> = { url: 4, command: 4, file: 3, search: 3, identifier: 1, 'free-form': 1 };
const BODY_FIELDS_PER_OPERATION = 8;
const BODY_DEPTH = 3;

export function risksOf(name: string, schema: JsonSchema | undefined, defs: Record<string, JsonSchema>): InputRisk[] {
  const c = stringConstraints(schema, defs);
  if (!c.isString || c.enumerated) return [];
  const named = NAME_RISKS.filter(([, re]) => re.test(name)).map(([risk]) => risk);
  const risks: InputRisk[] = isFreeForm(c) ? ['free-form'] : [];
  for (const risk of named) {
    // A format or pattern narrows an id or a search term, but a URL in `format: uri` is still any URL.
    const narrowed = c.pattern || (c.format !== undefined && !(risk === 'url' && URL_FORMATS.has(c.format)));
    if (!narrowed) risks.push(risk);
  }
  return risks;
}

export function bodyMedia(op: PlanOperation): PlanMedia | undefined {
  const contents = op.requestBody?.contents ?? [];
  return contents.find((m) => m.schema !== undefined && /json/.test(m.mediaType)) ?? contents.find((m) => m.schema !== undefined);
}

/** Free-form string fields of a body, by path, breadth first so top-level fields come first. */
function bodyFields(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>): { name: string; risks: InputRisk[] }[] {
  const found: { name: string; risks: InputRisk[] }[] = [];
  let level: { prefix: string; schema: JsonSchema | undefined }[] = [{ prefix: '', schema }];
  for (let depth = 0; depth < BODY_DEPTH && level.length > 0 && found.length < BODY_FIELDS_PER_OPERATION; depth++) {
    const next: typeof level = [];
    for (const { prefix, schema: s } of level) {
      const view = objectView(s, defs);
      if (view.items !== undefined && view.properties.size === 0) next.push({ prefix: `${prefix}[]`, schema: view.items });
      for (const [name, sub] of view.properties) {
        const path = prefix === '' ? name : `${prefix}.${name}`;
        const keywords = mergedKeywords(sub, defs);
        if (keywords.readOnly === true) continue;
        const risks = risksOf(name, sub, defs);
        if (risks.length > 0) found.push({ name: path, risks });
        else next.push({ prefix: path, schema: sub });
      }
    }
    level = next;
  }
  return found.slice(0, BODY_FIELDS_PER_OPERATION);
}

export function analyzeInjectable(plan: MockPlan, max: number): Bounded<InjectableInput> {
  const all: InjectableInput[] = [];
  for (const op of plan.operations) {
    const ref = refOf(op);
    for (const p of op.parameters) {
      const risks = risksOf(p.name, p.schema, plan.schemas);
      if (risks.length > 0) all.push({ ...ref, in: p.in, name: p.name, risks });
    }
    for (const field of bodyFields(bodyMedia(op)?.schema, plan.schemas)) all.push({ ...ref, in: 'body', ...field });
  }
  // Inputs whose names say where they end up come first: they are the likelier findings.
  const score = (i: InjectableInput) => i.risks.reduce((sum, r) => sum + WEIGHT[r], 0);
  all.sort((a, b) => score(b) - score(a));
  return bounded(all, max);
}

export function analyzeWrites(plan: MockPlan, max: number): Bounded<WriteOperation> {
  const writes = plan.operations.filter(isWrite).map((op) => {
    const media = bodyMedia(op);
    const view = objectView(media?.schema, plan.schemas);
    return {
      ...refOf(op),
      bodyRequired: op.requestBody?.required ?? false,
      mediaTypes: (op.requestBody?.contents ?? []).map((m) => m.mediaType),
      requiredFields: [...view.required].filter((name) => view.properties.size === 0 || view.properties.has(name)),
    } satisfies WriteOperation;
  });
  return bounded(writes, max);
}
