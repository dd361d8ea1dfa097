/** Operations that return lists: their paging parameters and the shape of the list they send. */
import { deref, isType, mergedKeywords, objectView } from '../schema-view';
import type { JsonSchema, MockPlan, PlanOperation } from '../types';
import { successResponse } from '../responses';
import { type Bounded, bounded, isJsonMedia, type OperationRef, refOf } from './common';

export type PagingRole = 'limit' | 'offset' | 'page' | 'cursor';

export type ListShape =
  | { shape: 'array' }
  /** An object whose `arrayProperty` holds the page, beside totals or a next-page marker. */
  | { shape: 'wrapper'; arrayProperty: string; totalProperty?: string; nextProperty?: string };

export interface PagedOperation extends OperationRef {
  params: { name: string; in: string; role: PagingRole }[];
  list: ListShape | null;
}

const ROLES: [PagingRole, RegExp][] = [
  ['limit', /^(limit|per_?page|page_?size|size|count|max_?results|top|take|first|last)$/i],
  ['offset', /^(offset|skip|start|start_?index)$/i],
  ['page', /^(page|page_?number|page_?no|p)$/i],
  ['cursor', /^(cursor|page_?token|next_?token|continuation_?token|after|before|since|since_?id|max_?id|marker|starting_?after|ending_before)$/i],
];
const ARRAY_NAMES = ['items', 'data', 'results', 'records', 'content', 'entries', 'list', 'values', 'elements'];
const TOTAL = /^(total|total_?count|count|total_?items|total_?elements|total_?results|total_?size)$/i;
const NEXT = /^(next|next_?cursor|next_?page|next_?page_?token|next_?token|cursor|has_?more|has_?next|has_?previous|links|_links|page|paging|pagination)$/i;

function roleOf(name: string): PagingRole | undefined {
  // `page[size]`, `page.size`: the part after the bracket or dot says the role.
  const key = name.replace(/^.*[[.]([^\]]+)\]?$/, '$1');
  return ROLES.find(([, re]) => re.test(key))?.[0];
}

/** The list shape of a JSON schema: a bare array, or an object with one array of objects (or the conventional name). */
export function listShapeOf(schema: JsonSchema | undefined, defs: Record<string, JsonSchema>): ListShape | null {
  const node = deref(schema, defs);
  if (typeof node === 'boolean') return null;
  if (isType(node, 'array')) return { shape: 'array' };
  const view = objectView(node, defs);
  if (view.items !== undefined && view.properties.size === 0) return { shape: 'array' };
  const arrays = [...view.properties].filter(([, s]) => {
    const sub = deref(s, defs);
    return typeof sub !== 'boolean' && (isType(sub, 'array') || (sub.type === undefined && sub.items !== undefined));
  });
  if (arrays.length === 0) return null;
  const names = [...view.properties.keys()];
  const totalProperty = names.find((n) => TOTAL.test(n));
  const nextProperty = names.find((n) => NEXT.test(n));
  // An object with one array is a list only when the array has a list's name or sits beside paging fields.
  const named = arrays.find(([n]) => ARRAY_NAMES.includes(n.toLowerCase())) ?? (arrays.length === 1 && (totalProperty || nextProperty) ? arrays[0] : undefined);
  if (!named) return null;
  return { shape: 'wrapper', arrayProperty: named[0], totalProperty, nextProperty };
}

/** The list a GET sends; an item path (`/orders/{id}`) sends one item, so only a bare array counts there. */
export function listResponseOf(op: PlanOperation, defs: Record<string, JsonSchema>): ListShape | null {
  if (op.method !== 'get') return null;
  const media = successResponse(op)?.contents.find((m) => isJsonMedia(m.mediaType) && m.schema !== undefined);
  const shape = media ? listShapeOf(media.schema, defs) : null;
  return shape?.shape === 'wrapper' && /\}\/?$/.test(op.path) ? null : shape;
}

/** Sizes and positions are numbers; a cursor is any token. */
function fitsRole(role: PagingRole, schema: JsonSchema, defs: Record<string, JsonSchema>): boolean {
  if (role === 'cursor') return true;
  const node = mergedKeywords(schema, defs);
  return node.type === undefined ? !Array.isArray(node.enum) : isType(node, 'integer') || isType(node, 'number');
}

export function analyzePaging(plan: MockPlan, max: number): Bounded<PagedOperation> {
  const found: PagedOperation[] = [];
  for (const op of plan.operations) {
    if (op.method !== 'get') continue;
    const params = op.parameters.flatMap((p) => {
      const role = p.in === 'query' || p.in === 'header' ? roleOf(p.name) : undefined;
      return role && fitsRole(role, p.schema, plan.schemas) ? [{ name: p.name, in: p.in, role }] : [];
    });
    const list = listResponseOf(op, plan.schemas);
    if (params.length > 0 || list !== null) found.push({ ...refOf(op), params, list });
  }
  return bounded(found, max);
}
