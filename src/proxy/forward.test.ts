import { describe, expect, it } from 'vitest';
import { PUBLIC_ONLY } from '../net';
import { upstreamSchema } from './config';
import { forward } from './forward';
import { violationsHeader } from './validate-response';

const request = { method: 'GET', path: '/v1/items', query: 'a=1', headers: new Headers({ 'x-test-session': 's', accept: 'application/json' }), body: null };

describe('forward', () => {
  it('refuses private, link-local and loopback upstreams under the deployed policy, without fetching', async () => {
    let fetched = 0;
    const deps = {
      fetch: async () => {
        fetched++;
        return new Response('{}');
      },
      policy: PUBLIC_ONLY,
      now: () => 0,
    };
    for (const url of ['http://169.254.169.254', 'http://10.0.0.1', 'http://127.0.0.1:8080', 'http://[::1]:80', 'http://localhost:3000']) {
      const got = await forward(upstreamSchema.parse({ url }), request, deps);
      expect(got.ok, url).toBe(false);
      if (!got.ok) expect(got.problem.type).toContain('upstream-refused');
    }
    expect(fetched).toBe(0);
  });

  it('joins the path, drops the mock headers and injects credentials', async () => {
    let seen: { url: string; headers: Headers } | undefined;
    const deps = {
      fetch: async (url: string, init: RequestInit) => {
        seen = { url, headers: new Headers(init.headers) };
        return new Response('[]', { headers: { 'content-type': 'application/json' } });
      },
      policy: PUBLIC_ONLY,
      now: () => 0,
    };
    const got = await forward(upstreamSchema.parse({ url: 'https://api.example.com/base/', auth: { type: 'basic', username: 'u', password: 'p' } }), request, deps);
    expect(got.ok).toBe(true);
    expect(seen?.url).toBe('https://api.example.com/base/v1/items?a=1');
    expect(seen?.headers.get('authorization')).toBe(`Basic ${btoa('u:p')}`);
    expect(seen?.headers.get('x-test-session')).toBeNull();
  });

  it('refuses upstream URLs that carry credentials or a query', () => {
    expect(upstreamSchema.safeParse({ url: 'https://user:pw@api.example.com' }).success).toBe(false);
    expect(upstreamSchema.safeParse({ url: 'https://api.example.com/?key=secret' }).success).toBe(false);
  });
});

describe('violationsHeader', () => {
  it('is printable ASCII and bounded', () => {
    const header = violationsHeader(Array.from({ length: 100 }, () => ({ location: 'response/body/naïve', message: 'must be ≤ 3' })));
    expect(header).toMatch(/^100; [\x20-\x7e]+$/);
    expect(header.length).toBeLessThanOrEqual(1024);
  });
});
