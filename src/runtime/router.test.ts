import { describe, expect, it } from 'vitest';
import type { PlanOperation } from '../plan';
import { createRouter } from './router';

const op = (method: PlanOperation['method'], path: string): PlanOperation => ({
  id: `${method} ${path}`,
  method,
  path,
  tags: [],
  parameters: [],
  security: [],
  responses: [],
});

const router = createRouter([
  op('get', '/pets/{petId}'),
  op('get', '/pets/mine'),
  op('delete', '/pets/{petId}'),
  op('get', '/pets/{petId}/photos/{photoId}'),
  op('get', '/files/{name}.{ext}'),
  op('post', '/users/{id}:activate'),
  op('get', '/blobs/{a}{b}{c}{d}{e}.json'),
  op('get', '/'),
]);

describe('router', () => {
  it('prefers static segments over parameters', () => {
    const hit = router.match('GET', '/pets/mine');
    expect(hit).toMatchObject({ kind: 'match', operation: { path: '/pets/mine' } });
    expect(router.match('GET', '/pets/42')).toMatchObject({ kind: 'match', operation: { path: '/pets/{petId}' }, pathParams: { petId: '42' } });
  });

  it('keeps percent-encoded parameters raw, so an encoded slash stays inside', () => {
    expect(router.match('GET', '/pets/a%2Fb')).toMatchObject({ pathParams: { petId: 'a%2Fb' } });
  });

  it('matches several parameters and templates inside a segment', () => {
    expect(router.match('GET', '/pets/1/photos/2')).toMatchObject({ pathParams: { petId: '1', photoId: '2' } });
    expect(router.match('GET', '/files/report.pdf')).toMatchObject({ pathParams: { name: 'report', ext: 'pdf' } });
    expect(router.match('POST', '/users/7:activate')).toMatchObject({ pathParams: { id: '7' } });
    // Each parameter takes as few characters as the rest allows, as `(.+?)` would.
    expect(router.match('GET', '/files/a.b.c')).toMatchObject({ pathParams: { name: 'a', ext: 'b.c' } });
    expect(router.match('GET', '/blobs/abcdefg.json')).toMatchObject({ pathParams: { a: 'a', b: 'b', c: 'c', d: 'd', e: 'efg' } });
    expect(router.match('GET', '/files/.pdf')).toEqual({ kind: 'not-found' });
  });

  it('refuses an almost-matching long segment without backtracking through every split', () => {
    // Five parameters in one segment: a backtracking RegExp tries ~n^5 splits of these 2,000 characters.
    expect(router.match('GET', `/blobs/${'a'.repeat(2000)}.jso`)).toEqual({ kind: 'not-found' });
    expect(router.match('GET', `/blobs/${'a'.repeat(2000)}.json`)).toMatchObject({ kind: 'match' });
  });

  it('reports the allowed methods of a known path', () => {
    expect(router.match('PUT', '/pets/1')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'DELETE', 'HEAD', 'OPTIONS'] });
  });

  it('routes HEAD to GET, and knows the root and unknown paths', () => {
    expect(router.match('HEAD', '/pets/1')).toMatchObject({ kind: 'match', operation: { method: 'get' } });
    expect(router.match('GET', '/')).toMatchObject({ kind: 'match' });
    expect(router.match('GET', '/nothing/here')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/pets/')).toEqual({ kind: 'not-found' });
  });
});
