import { describe, expect, it } from 'vitest';
import { clientKey, CREDENTIAL_LIMITS, createFailureLimiter } from './failures';

describe('failed-credential limiter', () => {
  it('lets a client fail `burst` times, then asks it to wait, and never counts successes', () => {
    const limiter = createFailureLimiter({ burst: 3, refillMs: 1_000, maxDebt: 5 });
    for (let i = 0; i < 100; i += 1) expect(limiter.retryAfter('a', 0)).toBeUndefined(); // checks that succeed take nothing
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfter('a', 0)).toBeUndefined();
      limiter.failed('a', 0);
    }
    expect(limiter.retryAfter('a', 0)).toBe(1);
    expect(limiter.retryAfter('b', 0)).toBeUndefined(); // another client is not affected
    expect(limiter.retryAfter('a', 1_000)).toBeUndefined(); // one failure refilled after refillMs
  });

  it('charges a volley that raced past the check, up to maxDebt', () => {
    const limiter = createFailureLimiter({ burst: 3, refillMs: 1_000, maxDebt: 5 });
    for (let i = 0; i < 50; i += 1) limiter.failed('a', 0);
    expect(limiter.retryAfter('a', 0)).toBe(6); // -5 → 1 takes 6 refills
    expect(limiter.retryAfter('a', 5_999)).toBe(1);
    expect(limiter.retryAfter('a', 6_000)).toBeUndefined();
  });

  it('tells clients apart only where the address is Cloudflare’s to set', () => {
    const headers = new Headers({ 'cf-connecting-ip': '203.0.113.7' });
    expect(clientKey(headers, true)).toBe('203.0.113.7');
    expect(clientKey(headers, false)).toBe('local');
    expect(CREDENTIAL_LIMITS.burst).toBeGreaterThan(0);
  });
});
