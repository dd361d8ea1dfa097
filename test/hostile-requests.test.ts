/**
 * Requests an outsider may send to any mock: a `__proto__` key in a stateful body, absolute-form
 * and asterisk-form request targets, session ids that are too long or too many. Each is answered
 * properly and leaves its log row; nothing else is lost.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
let notes: TestMock;

/** A collection whose items take any extra property, so a `__proto__` key passes validation and reaches the store. */
const NOTES = {
  openapi: '3.1.0',
  info: { title: 'notes', version: '1' },
  paths: {
    '/notes': {
      post: {
        operationId: 'createNote',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } },
        responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } },
      },
      get: { operationId: 'listNotes', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Note' } } } } } } },
    },
    '/notes/{id}': {
      get: {
        operationId: 'getNote',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } }, '404': { description: 'missing' } },
      },
    },
  },
  components: { schemas: { Note: { type: 'object', properties: { id: { type: 'string', readOnly: true }, text: { type: 'string' } } } } },
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  writeFileSync(join(dir, 'notes.json'), JSON.stringify(NOTES));
  stack = await startTestStack([
    { name: 'hostile', plan: await compileOrThrow(BOOKSHOP) },
    { name: 'notes', plan: await compileOrThrow(join(dir, 'notes.json')) },
  ]);
  mock = stack.mocks.hostile;
  notes = stack.mocks.notes;
});
afterAll(() => stack?.dispose());

const AUTH = { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', 'content-type': 'application/json' };

/** Sends raw bytes and returns the status line and body of the answer. */
function raw(request: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
    });
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), text: data });
    socket.on('data', () => {
      // Answers carry Content-Length (or none): resolve once it has all arrived.
      const head = data.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(data)?.[1] ?? 0);
      if (head >= 0 && Buffer.byteLength(data.slice(head + 4)) >= length) {
        socket.destroy();
        done();
      }
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('hostile requests', () => {
  it('keeps a __proto__ key of a stateful body as data: answered, stored, logged', async () => {
    const json = { 'content-type': 'application/json' };
    await notes.admin('/api/settings', { method: 'PATCH', body: JSON.stringify({ stateful: true }), headers: json });
    const body = '{"text":"hello","__proto__":{"polluted":true}}';
    const created = await fetch(`${notes.url}/notes`, { method: 'POST', headers: json, body });
    const text = await created.text();
    expect(created.status, text).toBe(201);
    const note = JSON.parse(text) as { id: string };
    const read = await fetch(`${notes.url}/notes/${note.id}`);
    const stored = await read.text();
    expect(read.status).toBe(200);
    expect(JSON.parse(stored)).toMatchObject({ id: note.id, text: 'hello' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const listed = await notes.admin('/api/mock-data/records/items?collection=/notes');
    expect(listed.status).toBe(200);
    await listed.arrayBuffer();
    expect(await waitForLogCount(notes, 2)).toBe(2);
    // On a schema that forbids extra properties the same body is a 422, also logged.
    const before = await waitForLogCount(mock, 0);
    const refused = await fetch(`${mock.url}/books`, { method: 'POST', headers: AUTH, body: '{"title":"P","__proto__":{}}' });
    expect(refused.status).toBe(422);
    await refused.arrayBuffer();
    expect(await waitForLogCount(mock, before + 1)).toBe(before + 1);
  });

  it('routes an absolute-form request target by its path, and answers `*` with 400', async () => {
    const { host } = new URL(mock.url);
    const base = new URL(mock.url).pathname;
    const absolute = await raw(`GET http://${host}${base}/authors HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(absolute.status, absolute.text).toBe(200);
    const otherHost = await raw(`GET http://elsewhere.example${base}/authors?x=1 HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(otherHost.status, otherHost.text).toBe(200);
    const star = await raw(`GET * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(star.status, star.text).toBe(400);
    expect(star.text).toContain('application/problem+json');
    const options = await raw(`OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(options.status, options.text).toBe(204);
  });
});
