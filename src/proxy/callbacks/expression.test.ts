import { describe, expect, it } from 'vitest';
import { evaluateTemplate, type Exchange, pathParameters } from './expression';

const exchange: Exchange = {
  url: 'http://mock.local/v1/subscriptions/s1?topic=books&topic=pens',
  method: 'post',
  statusCode: 201,
  request: {
    path: { id: 's1' },
    query: { topic: ['books', 'pens'] },
    headers: { 'x-hook': 'http://client.local/hook' },
    body: JSON.stringify({ callbackUrl: 'http://client.local/cb', nested: { 'a/b': [10, 20] }, gone: null }),
  },
  response: { headers: { location: '/subscriptions/s1' }, body: '{"id":42}' },
};

describe('runtime expressions', () => {
  it('resolves every kind of reference, whole or embedded', () => {
    const cases: Array<[string, string]> = [
      ['$url', exchange.url],
      ['$method', 'POST'],
      ['$statusCode', '201'],
      ['$request.path.id', 's1'],
      ['$request.query.topic', 'books'],
      ['$request.header.X-Hook', 'http://client.local/hook'],
      ['$request.body#/callbackUrl', 'http://client.local/cb'],
      ['$request.body#/nested/a~1b/1', '20'],
      ['$response.header.Location', '/subscriptions/s1'],
      ['$response.body#/id', '42'],
      ['$response.body', '{"id":42}'],
      ['{$request.body#/callbackUrl}/events?id={$response.body#/id}&s={$statusCode}', 'http://client.local/cb/events?id=42&s=201'],
      ['http://fixed.example/{literal}', 'http://fixed.example/{literal}'],
    ];
    for (const [template, value] of cases) expect(evaluateTemplate(template, exchange), template).toEqual({ ok: true, value });
  });

  it('refuses what names nothing, with a reason', () => {
    for (const template of ['{$request.body#/missing}', '$request.query.nope', '$request.header.nope', '{$response.body#/id/deeper}', '$request.body#/gone', '$response.query.x', '$bogus', '{$request.body#/x']) {
      const out = evaluateTemplate(template, exchange);
      expect(out.ok, template).toBe(false);
      if (!out.ok) expect(out.error.length).toBeGreaterThan(5);
    }
  });

  it('reads path parameters below the base path', () => {
    expect(pathParameters('/subscriptions/{id}', '/v1/subscriptions/a%20b', '/v1')).toEqual({ id: 'a b' });
    expect(pathParameters('/subscriptions/{id}', '/v1/other', '/v1')).toEqual({});
  });
});
