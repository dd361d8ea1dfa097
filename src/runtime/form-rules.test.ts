/** allowEmptyValue and allowReserved, as Prism's harness checks them: on the raw form text and query. */
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../plan';
import { loadSpec } from '../spec';
import { createMemoryRecordStore } from './records';
import { createRuntime } from './runtime';
import type { RuleSet } from './steering';

const RULES: RuleSet = { scope: '', stateful: false, scenario: null, rule: () => undefined };

async function mock(spec: object) {
  const loaded = await loadSpec({ text: JSON.stringify(spec) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  const plan = compilePlan(loaded.value);
  const runtime = createRuntime(plan);
  return async (method: string, path: string, query = '', form?: string) => {
    const res = await runtime.handle(
      {
        method,
        path,
        query,
        headers: new Headers(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        body: form === undefined ? null : new TextEncoder().encode(form),
      },
      { validateRequests: true, enforceSecurity: false },
      { rules: RULES, records: createMemoryRecordStore(() => 'seed') },
    );
    const text = res.body === null ? '' : typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
    return { status: res.status, text };
  };
}

describe('allowEmptyValue', () => {
  const swagger = {
    swagger: '2.0',
    info: { title: 't', version: '1' },
    paths: {
      '/path': {
        post: {
          consumes: ['application/x-www-form-urlencoded'],
          parameters: [
            { in: 'formData', name: 'id', type: 'string', allowEmptyValue: false },
            { in: 'formData', name: 'note', type: 'string', allowEmptyValue: true },
            { in: 'query', name: 'q', type: 'string', allowEmptyValue: false },
            { in: 'query', name: 'free', type: 'string' },
          ],
          responses: { 200: { description: 'ok', schema: { type: 'string' } } },
        },
      },
    },
  };

  it('refuses a form field sent empty when allowEmptyValue is false, and takes it when true', async () => {
    const call = await mock(swagger);
    const empty = await call('POST', '/path', '', 'id');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('body/id');
    expect((await call('POST', '/path', '', 'id=')).status).toBe(422);
    expect((await call('POST', '/path', '', 'id=7')).status).toBe(200);
    expect((await call('POST', '/path', '', 'id=7&note')).status).toBe(200);
  });

  it('refuses an empty query value when allowEmptyValue is false; other parameters may be empty', async () => {
    const call = await mock(swagger);
    const empty = await call('POST', '/path', 'q=', 'id=1');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('query/q');
    expect((await call('POST', '/path', 'q', 'id=1')).status).toBe(422);
    expect((await call('POST', '/path', 'q=a&free=', 'id=1')).status).toBe(200);
  });
});

describe('allowReserved', () => {
  const spec = (allowReserved?: boolean) => ({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/links': {
        post: {
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', properties: { url: { type: 'string' }, title: { type: 'string' } } },
                encoding: { url: allowReserved === undefined ? { contentType: 'text/plain' } : { allowReserved } },
              },
            },
          },
          responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
    },
  });

  it('refuses reserved characters left unencoded in a field its encoding lists, unless allowReserved is true', async () => {
    const strict = await mock(spec());
    const raw = await strict('POST', '/links', '', 'url=http://x.test/a?b&title=a:b');
    expect(raw.status).toBe(422);
    expect(raw.text).toContain('body/url');
    expect(raw.text).not.toContain('body/title');
    expect((await strict('POST', '/links', '', `url=${encodeURIComponent('http://x.test/a?b')}&title=a+b`)).status).toBe(200);
    expect((await (await mock(spec(false)))('POST', '/links', '', 'url=a/b')).status).toBe(422);
    expect((await (await mock(spec(true)))('POST', '/links', '', 'url=http://x.test/a?b')).status).toBe(200);
  });
});
