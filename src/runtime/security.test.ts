import { describe, expect, it } from 'vitest';
import type { PlanSecurityScheme } from '../plan';
import { challenges, isSatisfied } from './security';

const schemes: Record<string, PlanSecurityScheme> = {
  key: { type: 'apiKey', in: 'query', name: 'api_key' },
  cookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
  basic: { type: 'http', scheme: 'basic' },
  bearer: { type: 'http', scheme: 'bearer' },
  oauth: { type: 'oauth2' },
};

function source(headers: Record<string, string> = {}, query: Record<string, string> = {}, cookies: Record<string, string> = {}) {
  return { header: (n: string) => headers[n] ?? null, query: (n: string) => query[n] ?? null, cookie: (n: string) => cookies[n] ?? null };
}

describe('security', () => {
  it('needs every scheme of one alternative', () => {
    const both = [['key', 'bearer']];
    expect(isSatisfied(both, schemes, source({ authorization: 'Bearer t' }, { api_key: 'k' }))).toBe(true);
    expect(isSatisfied(both, schemes, source({ authorization: 'Bearer t' }))).toBe(false);
    expect(isSatisfied([['key'], ['bearer']], schemes, source({ authorization: 'Bearer t' }))).toBe(true);
  });

  it('lets anonymous requests through an empty alternative or no security', () => {
    expect(isSatisfied([[], ['key']], schemes, source())).toBe(true);
    expect(isSatisfied([], schemes, source())).toBe(true);
  });

  it('checks the shape of basic credentials and bearer tokens', () => {
    expect(isSatisfied([['basic']], schemes, source({ authorization: `Basic ${btoa('user:pass')}` }))).toBe(true);
    expect(isSatisfied([['basic']], schemes, source({ authorization: `Basic ${btoa('nocolon')}` }))).toBe(false);
    expect(isSatisfied([['basic']], schemes, source({ authorization: 'Bearer x' }))).toBe(false);
    expect(isSatisfied([['oauth']], schemes, source({ authorization: 'Bearer x' }))).toBe(true);
    expect(isSatisfied([['cookieKey']], schemes, source({}, {}, { session: 's' }))).toBe(true);
  });

  it('names the expected credentials in WWW-Authenticate', () => {
    expect(challenges([['basic']], schemes)).toBe('Basic realm="basic"');
    expect(challenges([['key']], schemes)).toBe('ApiKey realm="key", in="query", name="api_key"');
  });
});
