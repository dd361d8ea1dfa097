import { describe, expect, it } from 'vitest';
import type { JsonSchema, PlanParameter } from '../../plan/types';
import { readParameters, type RawRequestParts } from './index';

const param = (over: Partial<PlanParameter> & Pick<PlanParameter, 'name' | 'in'>): PlanParameter => ({
  required: false,
  style: over.in === 'query' || over.in === 'cookie' ? 'form' : 'simple',
  explode: over.in === 'query' || over.in === 'cookie',
  schema: { type: 'string' },
  ...over,
});

const parts = (over: Partial<RawRequestParts> = {}): RawRequestParts => ({ pathParams: {}, query: '', headers: {}, ...over });

const defs: Record<string, JsonSchema> = { Genre: { type: 'string', enum: ['fiction', 'poetry'] }, Id: { type: 'integer' } };
const resolve = (ref: string): JsonSchema | undefined => defs[ref.slice('#/$defs/'.length)];

describe('readParameters', () => {
  it('reads and types every location', () => {
    const params = [
      param({ name: 'bookId', in: 'path', required: true, schema: { $ref: '#/$defs/Id' } }),
      param({ name: 'limit', in: 'query', schema: { type: 'integer' } }),
      param({ name: 'tag', in: 'query', schema: { type: 'array', items: { type: 'string' } } }),
      param({ name: 'X-Trace', in: 'header', schema: { type: 'boolean' } }),
      param({ name: 'session', in: 'cookie', schema: { type: 'integer' } }),
    ];
    const result = readParameters(
      params,
      parts({ pathParams: { bookId: '7' }, query: 'limit=20&tag=a&tag=b%20c', headers: { 'x-trace': 'true', cookie: 'session=99' } }),
      resolve,
    );
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual({
      path: { bookId: 7 },
      query: { limit: 20, tag: ['a', 'b c'] },
      header: { 'X-Trace': true },
      cookie: { session: 99 },
    });
  });

  it('reports missing required parameters with `<in>.<name>` locations', () => {
    const params = [
      param({ name: 'limit', in: 'query', required: true }),
      param({ name: 'bookId', in: 'path', required: false }),
      param({ name: 'X-Key', in: 'header', required: true }),
      param({ name: 'sid', in: 'cookie', required: true }),
      param({ name: 'optional', in: 'query' }),
    ];
    const { problems, values } = readParameters(params, parts());
    expect(problems.map((p) => [p.location, p.code])).toEqual([
      ['query/limit', 'required'],
      ['path/bookId', 'required'],
      ['header/X-Key', 'required'],
      ['cookie/sid', 'required'],
    ]);
    expect(problems[0].message).toBe('query parameter "limit" is required');
    expect(values.query).toEqual({});
  });

  it('keeps values that do not fit their type, for the validator to report', () => {
    const params = [param({ name: 'limit', in: 'query', schema: { type: 'integer' } }), param({ name: 'q', in: 'query' })];
    const { values, problems } = readParameters(params, parts({ query: 'limit=4.2&q=%E2%82' }));
    expect(problems).toEqual([]);
    expect(values.query).toEqual({ limit: '4.2', q: '%E2%82' });
  });

  it('reads an empty query value as an empty string', () => {
    const { values } = readParameters([param({ name: 'x', in: 'query' })], parts({ query: 'x=' }));
    expect(values.query).toEqual({ x: '' });
  });

  it('finds headers case-insensitively in records and Headers', () => {
    const params = [param({ name: 'X-Request-Id', in: 'header', required: true })];
    expect(readParameters(params, parts({ headers: { 'x-request-id': 'a' } })).values.header).toEqual({ 'X-Request-Id': 'a' });
    expect(readParameters(params, parts({ headers: { 'X-REQUEST-ID': 'b' } })).values.header).toEqual({ 'X-Request-Id': 'b' });
    expect(readParameters(params, parts({ headers: new Headers({ 'X-Request-Id': 'c' }) })).values.header).toEqual({ 'X-Request-Id': 'c' });
  });

  it('ignores Accept, Content-Type and Authorization header parameters, as OpenAPI says', () => {
    const params = [param({ name: 'Authorization', in: 'header', required: true }), param({ name: 'accept', in: 'header', required: true })];
    expect(readParameters(params, parts())).toEqual({ values: { path: {}, query: {}, header: {}, cookie: {} }, problems: [] });
  });

  it('prefers the explicit cookie string over a Cookie header', () => {
    const params = [param({ name: 'sid', in: 'cookie' })];
    const result = readParameters(params, parts({ cookie: 'sid="a%20b"', headers: { cookie: 'sid=zzz' } }));
    expect(result.values.cookie).toEqual({ sid: 'a b' });
  });

  it('reads cookie arrays both ways', () => {
    const exploded = param({ name: 'id', in: 'cookie', schema: { type: 'array', items: { type: 'integer' } } });
    expect(readParameters([exploded], parts({ cookie: 'id=1; id=2' })).values.cookie).toEqual({ id: [1, 2] });
    expect(readParameters([{ ...exploded, explode: false }], parts({ cookie: 'id=1,2' })).values.cookie).toEqual({ id: [1, 2] });
  });

  it('spreads an exploded form object without taking other parameters', () => {
    const params = [
      param({ name: 'limit', in: 'query', schema: { type: 'integer' } }),
      param({ name: 'filter', in: 'query', schema: { type: 'object', properties: { min: { type: 'number' } }, additionalProperties: { type: 'string' } } }),
    ];
    const { values } = readParameters(params, parts({ query: 'limit=5&min=2.5&genre=poetry' }));
    expect(values.query).toEqual({ limit: 5, filter: { min: 2.5, genre: 'poetry' } });
  });

  it('reads deepObject into typed properties', () => {
    const schema = { type: 'object', properties: { R: { type: 'integer' }, G: { type: 'integer' } } };
    const params = [param({ name: 'color', in: 'query', style: 'deepObject', schema })];
    expect(readParameters(params, parts({ query: 'color[R]=100&color[G]=200' })).values.query).toEqual({ color: { R: 100, G: 200 } });
  });

  it('decodes percent-encoded path values per style', () => {
    const params = [
      param({ name: 'name', in: 'path', required: true }),
      param({ name: 'ids', in: 'path', required: true, style: 'matrix', explode: true, schema: { type: 'array', items: { type: 'integer' } } }),
    ];
    const { values } = readParameters(params, parts({ pathParams: { name: 'caf%C3%A9%20noir', ids: ';ids=1;ids=2' } }));
    expect(values.path).toEqual({ name: 'café noir', ids: [1, 2] });
  });

  it('parses `content` parameters as JSON, reporting text that is not', () => {
    const params = [param({ name: 'filter', in: 'query', contentType: 'application/json', schema: { type: 'object' } })];
    const good = readParameters(params, parts({ query: `filter=${encodeURIComponent('{"a":[1,2]}')}` }));
    expect(good).toEqual({ values: { path: {}, query: { filter: { a: [1, 2] } }, header: {}, cookie: {} }, problems: [] });
    const bad = readParameters(params, parts({ query: 'filter={oops' }));
    expect(bad.values.query).toEqual({});
    expect(bad.problems).toEqual([{ location: 'query/filter', code: 'content', message: expect.stringContaining('not valid JSON') }]);
    const text = readParameters([{ ...params[0], contentType: 'text/plain' }], parts({ query: 'filter=a,b' }));
    expect(text.values.query).toEqual({ filter: 'a,b' });
  });

  it('does not validate: enum violations pass through untouched', () => {
    const params = [param({ name: 'genre', in: 'query', schema: { $ref: '#/$defs/Genre' } })];
    expect(readParameters(params, parts({ query: 'genre=jazz' }), resolve)).toEqual({
      values: { path: {}, query: { genre: 'jazz' }, header: {}, cookie: {} },
      problems: [],
    });
  });
});
