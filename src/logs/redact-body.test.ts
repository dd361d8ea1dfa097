import { describe, expect, it } from 'vitest';
import { type LogSecrets, REDACTED, redactHeaders, redactQuery } from './record';
import { redactBody } from './redact-body';
import { createSecretFieldMatcher, DEFAULT_SECRET_FIELDS, secretFieldList } from './secret-fields';

const field = createSecretFieldMatcher(DEFAULT_SECRET_FIELDS);
const secrets: LogSecrets = { header: new Set(['x-shop-key']), query: new Set(['k']), field };

describe('names like secrets', () => {
  it('match by part, whatever the case and separators', () => {
    for (const name of ['password', 'newPassword', 'user_passwd', 'client_secret', 'access_token', 'refresh-token', 'X-Refresh-Token', 'apiKey', 'api_key', 'API-KEY', 'authorization', 'private_key', 'privateKey', 'aws.credentials', 'otp']) {
      expect(field(name), name).toBe(true);
    }
    for (const name of ['name', 'email', 'author', 'content-type', 'x-test-session', 'quantity', 'bookId']) expect(field(name), name).toBe(false);
  });

  it('are configurable: replaced, extended or off', () => {
    expect(secretFieldList(undefined)).toEqual(DEFAULT_SECRET_FIELDS);
    expect(secretFieldList('none')).toEqual([]);
    expect(secretFieldList('ssn, cvv')).toEqual(['ssn', 'cvv']);
    expect(secretFieldList('+ssn')).toEqual([...DEFAULT_SECRET_FIELDS, 'ssn']);
    const off = createSecretFieldMatcher([]);
    expect(off('password')).toBe(false);
    expect(redactBody('{"password":"x"}', 'application/json', off)).toBe('{"password":"x"}');
  });
});

describe('redactBody', () => {
  it('redacts JSON fields at any depth, a secret object whole, and leaves the rest as sent', () => {
    const body = JSON.stringify({ user: { name: 'ann', password: 'hunter2', nested: [{ api_key: 'k-123' }] }, credentials: { user: 'u', pass: 'p' }, count: 2 });
    const out = JSON.parse(redactBody(body, 'application/json', field));
    expect(out).toEqual({ user: { name: 'ann', password: REDACTED, nested: [{ api_key: REDACTED }] }, credentials: REDACTED, count: 2 });
    const plain = '{ "name": "ann" }';
    expect(redactBody(plain, 'application/json', field)).toBe(plain);
  });

  it('redacts a JSON body cut at the storage cap, or malformed, by its name/value pairs', () => {
    const cut = '{"items":[1,2],"client_secret":"abc\\"def","token": 12345, "refresh_token": "unterminat';
    const out = redactBody(cut, 'application/json', field);
    for (const leak of ['abc', '12345', 'unterminat']) expect(out).not.toContain(leak);
    expect(out).toContain('"items":[1,2]');
  });

  it('sees names spelt with escapes', () => {
    expect(redactBody('{"pass\\u0077ord":"hunter2"}', 'application/json', field)).not.toContain('hunter2');
    expect(redactBody('user=ann&pass%77ord=hunter2', 'application/x-www-form-urlencoded', field)).toBe(`user=ann&pass%77ord=${REDACTED}`);
  });

  it('redacts form fields and multipart parts', () => {
    expect(redactBody('grant_type=password&username=ann&password=hunter2&client_secret=s', 'application/x-www-form-urlencoded; charset=utf-8', field)).toBe(
      `grant_type=password&username=ann&password=${REDACTED}&client_secret=${REDACTED}`,
    );
    const multipart = ['--b1', 'Content-Disposition: form-data; name="user"', '', 'ann', '--b1', 'Content-Disposition: form-data; name="password"', '', 'hunter2', '--b1--', ''].join('\r\n');
    const out = redactBody(multipart, 'multipart/form-data; boundary=b1', field);
    expect(out).not.toContain('hunter2');
    expect(out).toContain('ann');
    expect(out).toContain(`name="password"\r\n\r\n${REDACTED}\r\n--b1--`);
  });

  it('redacts XML elements named like secrets', () => {
    expect(redactBody('<login><user>ann</user><password>hunter2</password></login>', 'application/xml', field)).toBe(`<login><user>ann</user><password>${REDACTED}</password></login>`);
  });

  it('survives a body nested 10,000 levels deep', () => {
    const deep = `${'['.repeat(10_000)}{"token":"t-1"}${']'.repeat(10_000)}`;
    expect(redactBody(deep, 'application/json', field)).not.toContain('t-1');
  });
});

describe('query and headers', () => {
  it('redacts query parameters named like secrets and the spec\'s apiKey names', () => {
    expect(redactQuery('a=1&access_token=t1&k=v&API_KEY=z', secrets)).toBe(`a=1&access_token=${REDACTED}&k=${REDACTED}&API_KEY=${REDACTED}`);
  });

  it('redacts headers named like secrets too', () => {
    const out = redactHeaders(
      [
        ['X-Refresh-Token', 'r'],
        ['X-Shop-Key', 's'],
        ['Accept', 'application/json'],
      ],
      secrets,
    );
    expect(out).toEqual({ 'x-refresh-token': REDACTED, 'x-shop-key': REDACTED, accept: 'application/json' });
  });
});
