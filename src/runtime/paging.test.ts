import { describe, expect, it } from 'vitest';
import type { JsonSchemaObject, PlanOperation } from '../plan';
import { objectShape } from './object-shape';
import { type ListShape, listBody, pageOf } from './paging';
import type { ResourceOperation } from './resources';

const item = { type: 'object', properties: { id: { type: 'integer' }, kind: { type: 'string' } } };
const records = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, kind: i % 2 ? 'odd' : 'even' }));
const resource = { item: objectShape(item, {}) } as ResourceOperation;

function shape(params: Array<{ name: string; schema?: JsonSchemaObject }>, schema: JsonSchemaObject, template?: unknown): ListShape {
  const op = { parameters: params.map((p) => ({ in: 'query', required: false, style: 'form', explode: true, schema: p.schema ?? { type: 'integer' }, name: p.name })) } as unknown as PlanOperation;
  return { op, schema, defs: {}, totalHeader: null, template };
}

describe('paging stored records', () => {
  it('pages by page and per_page (1-based by default) into a {data, total_count, page, per_page} wrapper', () => {
    const s = shape([{ name: 'page' }, { name: 'per_page', schema: { type: 'integer', default: 3 } }], {
      type: 'object',
      properties: { data: { type: 'array', items: item }, total_count: { type: 'integer' }, page: { type: 'integer' }, per_page: { type: 'integer' }, has_more: { type: 'boolean' } },
    });
    const page = pageOf(records, s, new URLSearchParams('page=2'), resource);
    expect(listBody(page, s)).toEqual({ data: records.slice(3, 6), total_count: 7, page: 2, per_page: 3, has_more: true });
  });

  it('takes a zero-based page when the schema says so, and keeps the template’s other fields', () => {
    const s = shape([{ name: 'page', schema: { type: 'integer', minimum: 0 } }, { name: 'size' }], { type: 'object', properties: { content: { type: 'array' }, totalElements: { type: 'integer' }, sort: { type: 'string' } } }, { sort: 'id', content: [9] });
    expect(listBody(pageOf(records, s, new URLSearchParams('page=0&size=2'), resource), s)).toEqual({ sort: 'id', content: records.slice(0, 2), totalElements: 7 });
  });

  it('returns a bare array, filtered by a query parameter that names a property', () => {
    const s = shape([{ name: 'limit' }, { name: 'offset' }, { name: 'kind', schema: { type: 'string' } }], { type: 'array', items: item });
    expect(listBody(pageOf(records, s, new URLSearchParams('kind=odd&limit=2&offset=1'), resource), s)).toEqual([records[3], records[5]]);
    expect(listBody(pageOf(records, s, new URLSearchParams('limit=abc'), resource), s)).toHaveLength(7);
  });
});
