import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback';
import { CLAUDE_CALLBACKS, redirectRefusal } from './redirects';

describe('OAuth redirect URIs a client may register', () => {
  it("allows loopback callbacks and Claude's connector callbacks", () => {
    expect(redirectRefusal(['http://127.0.0.1:6274/oauth/callback', 'http://localhost:33418/callback', 'http://[::1]:9/cb'], undefined)).toBeUndefined();
    expect(redirectRefusal(CLAUDE_CALLBACKS, undefined)).toBeUndefined();
  });

  it('refuses other remote URIs, naming them, unless the operator lists them', () => {
    expect(redirectRefusal(['https://evil.example/cb'], undefined)).toContain('https://evil.example/cb');
    expect(redirectRefusal(['https://ok.example/cb'], ' https://ok.example/cb , https://x.example/y')).toBeUndefined();
    expect(redirectRefusal(['javascript:alert(1)'], undefined)).toContain('not allowed');
  });

  it('refuses a registration without redirect URIs', () => {
    expect(redirectRefusal(undefined, undefined)).toContain('at least one');
    expect(redirectRefusal([], undefined)).toContain('at least one');
  });

  it('knows loopback host names', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['mcp.example.com', '10.0.0.1', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
  });
});
