/**
 * Stateful CRUD: a POST to a collection stores the request body plus the readOnly fields the
 * response schema adds (an `id`, a `createdAt`, synthesised) and returns it; GET of the item
 * returns it; GET of the collection lists what is stored (paged by the spec's own paging
 * parameters, shaped like its list response); PUT replaces, PATCH merges (RFC 7396), DELETE
 * removes, after which GET is 404. Answers null for anything it does not handle (the plain path
 * answers instead).
 */
import { errorResponseFor, type MockPlan, type PlanOperation, type PlanResponse } from '../plan';
import { problem, type ProblemTemplate } from '../problem';
import { mergePatch } from '../json/merge-patch';
import { setOwn } from '../json/own';
import { synthesize } from '../synth';
import { RECORD_CONFLICT, RECORD_NOT_FOUND, RECORD_TOO_LARGE } from './errors';
import { flag } from './object-shape';
import { type ListShape, listBody, pageOf } from './paging';
import { MAX_RECORD_BYTES, type RecordStore } from './records';
import { chooseResponse } from './choose';
import { findResources, jsonSchemaOf, type ResourceOperation } from './resources';
import { safeDecode } from './router';
import type { MockRequest, MockResponse, Responder, RoutedRequest } from './contract';

export interface Crud {
  /** The stored records' answer, or null for anything CRUD does not handle (the plain path answers instead). */
  handle(routed: RoutedRequest, store: RecordStore): Promise<MockResponse | null>;
  /** The resource operations found in the plan (for the admin API and tests). */
  readonly resources: Map<PlanOperation, ResourceOperation>;
}

export function createCrud(plan: MockPlan, responder: Responder): Crud {
  const resources = findResources(plan);
  const listShapes = new Map<PlanOperation, ListShape>();

  function answer(op: PlanOperation, value: unknown, request: MockRequest, extra: Record<string, string> = {}): MockResponse {
    const chosen = chooseResponse(op, {});
    if ('type' in chosen || chosen.response === null) return responder.render(op, null, 204, {}, request, []);
    const { response, status } = chosen;
    const media = response.contents.find((m) => /json/.test(m.mediaType));
    if (!media || status === 204 || status === 205) return responder.render(op, response, status, {}, request, []);
    const contentType = media.mediaType.includes('*') ? 'application/json' : media.mediaType;
    const headers = { ...responder.declaredHeaders(op, response, contentType, []), ...extra };
    return { status, headers, body: JSON.stringify(value), operation: op, violations: [] };
  }

  function failure(op: PlanOperation, status: number, template: ProblemTemplate, detail: string, request: MockRequest): MockResponse {
    return responder.fail(op, status, problem(template, detail), request);
  }

  async function handle({ op, pathParams, request, query }: RoutedRequest, store: RecordStore): Promise<MockResponse | null> {
    const res = resources.get(op);
    if (!res) return null;
    const collection = res.collection.replace(/\{([^{}]+)\}/g, (_, name: string) => safeDecode(pathParams[name] ?? ''));
    const id = res.itemParam !== null && pathParams[res.itemParam] !== undefined && res.action !== 'list' && res.action !== 'create' ? safeDecode(pathParams[res.itemParam]) : null;
    const missing = () => failure(op, 404, RECORD_NOT_FOUND, `No record ${id} in ${collection}.`, request);

    switch (res.action) {
      case 'list': {
        let shape = listShapes.get(op);
        if (!shape) {
          shape = listShapeOf(op);
          listShapes.set(op, shape);
        }
        const all = await store.list(collection);
        const page = pageOf(all, shape, new URLSearchParams(query), res);
        return answer(op, listBody(page, shape), request, shape.totalHeader ? { [shape.totalHeader]: String(page.total) } : {});
      }
      case 'create': {
        const input = jsonObject(request.body);
        if (input === null) return null;
        for (let attempt = 0; attempt < 4; attempt++) {
          const record = newRecord(res, input, store.newId());
          const given = res.idProperty !== null && input[res.idProperty] !== undefined && !flag(res.item, res.idProperty, 'readOnly');
          const key = res.idProperty !== null && record[res.idProperty] !== undefined ? String(record[res.idProperty]) : store.newId();
          const tooLarge = sizeCheck(op, record, request);
          if (tooLarge) return tooLarge;
          if (await store.put(collection, key, record, true)) {
            const location = `${plan.basePath}${collection === '/' ? '' : collection}/${encodeURIComponent(key)}`;
            return answer(op, record, request, res.itemParam !== null ? { location } : {});
          }
          if (given) return failure(op, 409, RECORD_CONFLICT, `${collection} already holds a record with id ${key}.`, request);
        }
        return failure(op, 409, RECORD_CONFLICT, `No free id could be made in ${collection}.`, request);
      }
      case 'read': {
        const record = await store.get(collection, id!);
        return record === undefined ? missing() : answer(op, record, request);
      }
      case 'replace':
      case 'update': {
        const input = jsonObject(request.body);
        if (input === null) return null;
        const existing = (await store.get(collection, id!)) as Record<string, unknown> | undefined;
        // PUT creates when the spec does not say the item must exist (no 404 declared).
        if (existing === undefined && (res.action === 'update' || errorResponseFor(op, 404))) return missing();
        const record = res.action === 'update' ? (mergePatch(existing, input) as Record<string, unknown>) : replaced(res, existing, input, store.newId());
        if (res.idProperty !== null) record[res.idProperty] = existing?.[res.idProperty] ?? typedId(res, id!);
        const tooLarge = sizeCheck(op, record, request);
        if (tooLarge) return tooLarge;
        await store.put(collection, id!, record, false);
        return answer(op, record, request);
      }
      case 'delete': {
        const record = await store.get(collection, id!);
        if (record === undefined || !(await store.remove(collection, id!))) return missing();
        return answer(op, record, request);
      }
    }
  }

  function listShapeOf(op: PlanOperation): ListShape {
    const chosen = chooseResponse(op, {});
    const response = 'type' in chosen ? null : chosen.response;
    return { op, ...listLayout(response), template: response ? responder.staticJson(op, response) : undefined };
  }

  function listLayout(response: PlanResponse | null): Omit<ListShape, 'op' | 'template'> {
    return { schema: jsonSchemaOf(response ?? undefined), defs: plan.schemas, totalHeader: response?.headers.find((h) => /total/i.test(h.name))?.name.toLowerCase() ?? null };
  }

  function newRecord(res: ResourceOperation, input: Record<string, unknown>, seed: string): Record<string, unknown> {
    const made = synthesize(res.itemSchema!, { seed, mode: 'dynamic', defs: plan.schemas, direction: 'response' });
    const record: Record<string, unknown> = {};
    if (made !== null && typeof made === 'object' && !Array.isArray(made)) {
      for (const [key, value] of Object.entries(made)) {
        // The server's part: readOnly fields, the id, and what the schema requires but the body lacks.
        if (flag(res.item, key, 'readOnly') || key === res.idProperty || (res.item.required.has(key) && !Object.hasOwn(input, key))) setOwn(record, key, value);
      }
    }
    for (const [key, value] of Object.entries(input)) if (!flag(res.item, key, 'readOnly') && !flag(res.item, key, 'writeOnly')) setOwn(record, key, value);
    // An optional id the synthesiser happened to leave out is still the server's to assign.
    const idSchema = res.idProperty === null ? undefined : res.item.properties.get(res.idProperty);
    if (idSchema !== undefined && record[res.idProperty!] === undefined) {
      record[res.idProperty!] = synthesize(idSchema, { seed, mode: 'dynamic', defs: plan.schemas, direction: 'response', name: res.idProperty! });
    }
    return record;
  }

  /** PUT: the body, keeping the stored readOnly fields (or making them for a new record). */
  function replaced(res: ResourceOperation, existing: Record<string, unknown> | undefined, input: Record<string, unknown>, seed: string): Record<string, unknown> {
    if (existing === undefined) return newRecord(res, input, seed);
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(existing)) if (flag(res.item, key, 'readOnly')) setOwn(record, key, value);
    for (const [key, value] of Object.entries(input)) if (!flag(res.item, key, 'readOnly') && !flag(res.item, key, 'writeOnly')) setOwn(record, key, value);
    return record;
  }

  function sizeCheck(op: PlanOperation, record: unknown, request: MockRequest): MockResponse | null {
    const size = JSON.stringify(record).length;
    if (size <= MAX_RECORD_BYTES) return null;
    return failure(op, 413, RECORD_TOO_LARGE, `The record is ${size} bytes as JSON; at most ${MAX_RECORD_BYTES} are kept.`, request);
  }

  return { handle, resources };
}

/** The id from the path, typed like the id property (a number for an integer id). */
function typedId(res: ResourceOperation, id: string): unknown {
  const type = res.idProperty === null ? undefined : res.item.properties.get(res.idProperty)?.type;
  const numeric = type === 'integer' || type === 'number' || (Array.isArray(type) && (type.includes('integer') || type.includes('number')));
  return numeric && id.trim() !== '' && Number.isFinite(Number(id)) ? Number(id) : id;
}

function jsonObject(body: Uint8Array | null): Record<string, unknown> | null {
  if (body === null || body.byteLength === 0) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body));
    // SAFETY: checked to be a non-array object.
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

