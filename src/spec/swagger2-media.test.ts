import { describe, expect, it } from 'vitest';
import { loadSpec } from './index';

async function paths(doc: unknown): Promise<Record<string, Record<string, Record<string, unknown>>>> {
  const loaded = await loadSpec({ text: JSON.stringify(doc) });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problem));
  // SAFETY: a loaded document is an OpenAPI 3.1 object; the test reads its paths.
  return loaded.value.document.paths as Record<string, Record<string, Record<string, unknown>>>;
}

const info = { title: 't', version: '1' };
const ok = { description: 'ok' };

describe('Swagger 2.0 media types left open', () => {
  it('a body with no consumes anywhere accepts any media type; a declared consumes stays strict', async () => {
    const p = await paths({
      swagger: '2.0',
      info,
      paths: {
        '/notes': { post: { parameters: [{ in: 'body', name: 'note', schema: { type: 'object' } }], responses: { 200: ok } } },
        '/strict': { post: { consumes: ['application/json'], parameters: [{ in: 'body', name: 'note', schema: { type: 'object' } }], responses: { 200: ok } } },
        '/form': { post: { parameters: [{ in: 'formData', name: 'title', type: 'string' }], responses: { 200: ok } } },
        '/upload': { post: { parameters: [{ in: 'formData', name: 'file', type: 'file' }], responses: { 200: ok } } },
      },
    });
    const content = (path: string) => Object.keys((p[path].post.requestBody as { content: object }).content).sort();
    expect(content('/notes')).toEqual(['*/*', 'application/json']);
    expect(content('/strict')).toEqual(['application/json']);
    expect(content('/form')).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(content('/upload')).toEqual(['multipart/form-data']);
  });

  it('an example keyed */* is served as the type the operation produces', async () => {
    const p = await paths({
      swagger: '2.0',
      info,
      produces: ['application/json'],
      paths: {
        '/greeting': { get: { produces: ['text/plain'], responses: { 200: { description: 'ok', schema: { type: 'string' }, examples: { '*/*': 'hello' } } } } },
      },
    });
    expect((p['/greeting'].get.responses as Record<string, { content: object }>)['200'].content).toEqual({ 'text/plain': { schema: { type: 'string' }, example: 'hello' } });
  });
});
