/**
 * Lists of stored records, paged and shaped like the spec's own list response: a bare array, or a
 * wrapper object whose array property carries the page next to its totals and paging fields
 * (`{items, total, limit, offset}`, `{data, page, per_page, total_count}`…). Paging parameters are
 * read only when the operation declares them; other declared query parameters that name a property
 * of the item filter by equality.
 */
import type { JsonSchema, PlanOperation } from '../plan';
import { objectShape } from './object-shape';
import type { ResourceOperation } from './resources';

export interface ListShape {
  op: PlanOperation;
  schema: JsonSchema | undefined;
  defs: Record<string, JsonSchema>;
  /** A declared response header that carries the total (`x-total-count`). */
  totalHeader: string | null;
  /** The declared static body, whose other fields the wrapper keeps. */
  template: unknown;
}

export interface Page {
  items: unknown[];
  total: number;
  limit: number | null;
  offset: number;
  page: number | null;
}

const LIMIT = /^(limit|per_?page|perpage|page_?size|pagesize|size|max_?results|maxresults|top|take)$/i;
const OFFSET = /^(offset|skip|start)$/i;
const PAGE = /^(page|page_?number|pagenumber)$/i;
const TOTAL = /^(total|total_?count|totalcount|count|total_?items|totalitems|total_?elements|totalelements|total_?results|totalresults)$/i;
const ARRAY_NAMES = ['items', 'data', 'results', 'records', 'content', 'entries', 'list', 'values', 'elements'];
const DEFAULT_LIMIT = 20;

export function pageOf(all: unknown[], shape: ListShape, query: URLSearchParams, res: ResourceOperation): Page {
  const params = shape.op.parameters.filter((p) => p.in === 'query');
  const limitParam = params.find((p) => LIMIT.test(p.name));
  const offsetParam = params.find((p) => OFFSET.test(p.name));
  const pageParam = params.find((p) => PAGE.test(p.name));
  let items = all;
  for (const param of params) {
    if (param === limitParam || param === offsetParam || param === pageParam || !res.item.properties.has(param.name)) continue;
    const wanted = query.getAll(param.name);
    if (wanted.length > 0) items = items.filter((item) => matches(item, param.name, wanted));
  }
  const total = items.length;
  const limit = limitParam || pageParam ? intOf(query.get(limitParam?.name ?? ''), defaultOf(limitParam?.schema) ?? DEFAULT_LIMIT, 1) : null;
  let offset = offsetParam ? intOf(query.get(offsetParam.name), defaultOf(offsetParam.schema) ?? 0, 0) : 0;
  let page: number | null = null;
  if (pageParam && !offsetParam) {
    const first = minimumOf(pageParam.schema) === 0 ? 0 : 1;
    page = intOf(query.get(pageParam.name), defaultOf(pageParam.schema) ?? first, first);
    offset = (page - first) * (limit ?? DEFAULT_LIMIT);
  }
  return { items: limit === null ? items.slice(offset) : items.slice(offset, offset + limit), total, limit, offset, page };
}

/** The page as the declared list response carries it. */
export function listBody(page: Page, shape: ListShape): unknown {
  const list = objectShape(shape.schema, shape.defs);
  if (list.isArray || list.properties.size === 0) return page.items;
  const names = [...list.properties.keys()];
  const arrays = names.filter((n) => objectShape(list.properties.get(n), shape.defs).isArray);
  const arrayName = ARRAY_NAMES.find((n) => arrays.includes(n)) ?? arrays[0];
  if (arrayName === undefined) return page.items;
  const template = shape.template;
  const body: Record<string, unknown> = template !== null && typeof template === 'object' && !Array.isArray(template) ? { ...(template as Record<string, unknown>) } : {};
  body[arrayName] = page.items;
  for (const name of names) {
    if (TOTAL.test(name)) body[name] = page.total;
    else if (LIMIT.test(name) && page.limit !== null) body[name] = page.limit;
    else if (OFFSET.test(name)) body[name] = page.offset;
    else if (PAGE.test(name) && page.page !== null) body[name] = page.page;
    else if (/^has_?more$/i.test(name)) body[name] = page.offset + page.items.length < page.total;
  }
  return body;
}

function matches(item: unknown, name: string, wanted: string[]): boolean {
  if (item === null || typeof item !== 'object') return false;
  // SAFETY: a non-null object read by key.
  const value = (item as Record<string, unknown>)[name];
  if (Array.isArray(value)) return wanted.every((w) => value.map(String).includes(w));
  return wanted.includes(String(value));
}

function intOf(text: string | null, fallback: number, min: number): number {
  const n = text === null || text === '' ? Number.NaN : Number(text);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

function defaultOf(schema: JsonSchema | undefined): number | undefined {
  return schema !== undefined && typeof schema === 'object' && typeof schema.default === 'number' ? schema.default : undefined;
}

function minimumOf(schema: JsonSchema | undefined): number | undefined {
  return schema !== undefined && typeof schema === 'object' && typeof schema.minimum === 'number' ? schema.minimum : undefined;
}
