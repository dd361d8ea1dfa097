import { describe, expect, it } from 'vitest';
import { auditArguments, MAX_AUDIT_ARGUMENTS_CHARS, REDACTED, redactArguments } from './redact';

describe('redactArguments', () => {
  it('hides values under secret-looking keys at any depth', () => {
    const out = redactArguments({ name: 'shop', options: { admin_token: 'abc', apiKey: 'k', Password: 'p' } }, []);
    expect(out).toEqual({ name: 'shop', options: { admin_token: REDACTED, apiKey: REDACTED, Password: REDACTED } });
  });

  it('names secrets as the request log does (one list for both)', () => {
    const keys = ['X-Api-Key', 'api.key', 'clientSecret', 'new password', 'Set-Cookie', 'otp', 'PRIVATE-KEY'];
    const out = redactArguments(Object.fromEntries(keys.map((k) => [k, 'v'])), []) as Record<string, unknown>;
    for (const key of keys) expect(out[key], key).toBe(REDACTED);
    expect(redactArguments({ name: 'shop', path: '/books' }, [])).toEqual({ name: 'shop', path: '/books' });
  });

  it('hides known secret values wherever they appear, and bearer credentials in text', () => {
    const secret = 'S3cr3t-value-123';
    const out = redactArguments({ data: { note: `use ${secret} here`, header: 'Authorization: Bearer abcdefghijkl' } }, [secret]);
    expect(JSON.stringify(out)).not.toContain(secret);
    expect(JSON.stringify(out)).not.toContain('abcdefghijkl');
  });

  it('cuts long strings and long arrays to a bounded excerpt', () => {
    const out = redactArguments({ spec_text: 'x'.repeat(10_000), list: Array.from({ length: 80 }, (_, i) => i) }, []) as { spec_text: string; list: unknown[] };
    expect(out.spec_text.length).toBeLessThan(600);
    expect(out.spec_text).toContain('[10000 characters]');
    expect(out.list).toHaveLength(51);
  });

  it('keeps the stored record bounded and valid JSON however wide the arguments are', () => {
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'.repeat(400)]));
    const stored = auditArguments({ data: wide }, []);
    expect(stored.length).toBeLessThanOrEqual(MAX_AUDIT_ARGUMENTS_CHARS);
    expect(JSON.parse(stored)).toHaveProperty('[truncated]');
    expect(JSON.parse(auditArguments({ name: 'small' }, []))).toEqual({ name: 'small' });
  });
});
