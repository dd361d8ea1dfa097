import { describe, expect, it } from 'vitest';
import { PUBLIC_ONLY } from './address';
import { guardedFetchText } from './guarded-fetch';

const limits = { policy: PUBLIC_ONLY, timeoutMs: 2_000, maxBytes: 1024, maxRedirects: 3 };

/** A fake network: each URL answers what the table says; every URL asked for is recorded. */
function network(table: Record<string, () => Response>) {
  const asked: string[] = [];
  const fetch = async (input: string) => {
    asked.push(input);
    const answer = table[input];
    return answer ? answer() : new Response('no', { status: 404 });
  };
  return { asked, fetch };
}

describe('guardedFetchText (worker side)', () => {
  it('follows a public redirect and reads the body', async () => {
    const net = network({
      'https://a.example/spec': () => new Response(null, { status: 302, headers: { location: 'https://b.example/spec.yaml' } }),
      'https://b.example/spec.yaml': () => new Response('openapi: 3.1.0'),
    });
    expect(await guardedFetchText('https://a.example/spec', { ...limits, fetch: net.fetch })).toBe('openapi: 3.1.0');
  });

  it('refuses a redirect to the metadata service or loopback without asking for it', async () => {
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:8787/mcp', 'http://[::ffff:a9fe:a9fe]/', 'file:///etc/passwd', 'http://localhost/']) {
      const net = network({ 'https://a.example/spec': () => new Response(null, { status: 301, headers: { location: target } }) });
      await expect(guardedFetchText('https://a.example/spec', { ...limits, fetch: net.fetch })).rejects.toThrow(/refused/);
      expect(net.asked).toEqual(['https://a.example/spec']);
    }
  });

  it('stops after maxRedirects and at the byte cap', async () => {
    const loop = network({ 'https://a.example/x': () => new Response(null, { status: 302, headers: { location: '/x' } }) });
    await expect(guardedFetchText('https://a.example/x', { ...limits, fetch: loop.fetch })).rejects.toThrow(/more than 3 redirects/);
    const big = network({ 'https://a.example/big': () => new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(512)) })) });
    await expect(guardedFetchText('https://a.example/big', { ...limits, fetch: big.fetch })).rejects.toThrow(/larger than 1024 bytes/);
  });
});
