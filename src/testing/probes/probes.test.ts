import { describe, expect, it } from 'vitest';
import { PROBE_CHECKS, PROBE_SEVERITIES } from '../../admin-api/routes/probes';
import { CHECK_NAMES, statusMatches, unknownChecks } from './catalog';
import { SEVERITIES } from './types';
import { toCurl } from './curl';
import { parseHeaderLines } from './identity';
import { operationLines } from './reports/spec-lines';
import { parseAllowedHosts, probeTargetRefusal } from './target';
import type { MockPlan } from '../../plan';

describe('where probes may go', () => {
  const policy = { allowedHosts: parseAllowedHosts('api.example.com, *.staging.example.com'), loopback: true };
  it('allows loopback and listed hosts, never link-local or reserved ones', () => {
    expect(probeTargetRefusal(new URL('http://127.0.0.1:4010/v1'), policy)).toBeUndefined();
    expect(probeTargetRefusal(new URL('http://localhost:4010/'), policy)).toBeUndefined();
    expect(probeTargetRefusal(new URL('https://api.example.com/v1'), policy)).toBeUndefined();
    expect(probeTargetRefusal(new URL('https://eu.staging.example.com/'), policy)).toBeUndefined();
    expect(probeTargetRefusal(new URL('https://example.org/'), policy)).toMatch(/PROBE_ALLOWED_HOSTS/);
    expect(probeTargetRefusal(new URL('http://169.254.169.254/'), { ...policy, allowedHosts: ['169.254.169.254'] })).toMatch(/link-local/);
    expect(probeTargetRefusal(new URL('http://[::ffff:a9fe:a9fe]/'), policy)).toMatch(/link-local/);
    expect(probeTargetRefusal(new URL('file:///etc/passwd'), policy)).toMatch(/only http/);
  });
  it('from a deployed worker, refuses internal addresses even when listed', () => {
    const worker = { allowedHosts: ['10.0.0.5', 'api.example.com'], loopback: false, fromWorker: true };
    expect(probeTargetRefusal(new URL('http://10.0.0.5/'), worker)).toMatch(/internal/);
    expect(probeTargetRefusal(new URL('http://127.0.0.1/'), worker)).toMatch(/internal/);
    expect(probeTargetRefusal(new URL('https://api.example.com/'), worker)).toBeUndefined();
  });
});

describe('inputs and outputs', () => {
  it('offers the admin contract exactly the checks and severities the catalog has', () => {
    expect([...PROBE_CHECKS]).toEqual([...CHECK_NAMES]);
    expect([...PROBE_SEVERITIES]).toEqual([...SEVERITIES]);
  });
  it('names unknown checks and parses header lines', () => {
    expect(unknownChecks(['authentication', 'sqli'])).toEqual(['sqli']);
    expect(parseHeaderLines(['Authorization: Bearer a:b', 'X-Api-Key:k'])).toEqual({ ok: true, headers: { authorization: 'Bearer a:b', 'x-api-key': 'k' } });
    expect(parseHeaderLines(['no colon here']).ok).toBe(false);
  });
  it('matches statuses and ranges', () => {
    expect(statusMatches(404, ['4XX'])).toBe(true);
    expect(statusMatches(401, ['401', '403'])).toBe(true);
    expect(statusMatches(200, ['401', '403'])).toBe(false);
  });
  it('writes curl lines a shell takes as they are, with credentials redacted', () => {
    const curl = toCurl(
      { method: 'POST', url: 'http://h/x?api_key=s3cret&q=it%27s', headers: { authorization: 'Bearer s3cret', 'content-type': 'application/json' }, body: `{"a":"it's"}` },
      { headers: new Set(['authorization']), query: new Set(['api_key']) },
    );
    expect(curl).not.toContain('s3cret');
    expect(curl).toContain("-H 'authorization: <redacted>'");
    expect(curl).toContain(`--data-raw '{"a":"it'\\''s"}'`);
  });
  it('finds each operation in YAML and JSON spec text', () => {
    const plan = { operations: [{ id: 'a', method: 'get', path: '/pets/{id}' }, { id: 'b', method: 'post', path: '/pets' }] } as unknown as MockPlan;
    const yaml = ['openapi: 3.1.0', 'paths:', '  /pets:', '    post:', '      responses: {}', '  /pets/{id}:', '    get:', '      responses: {}'].join('\n');
    expect(operationLines(yaml, plan)).toEqual({ a: 7, b: 4 });
    const json = JSON.stringify({ openapi: '3.1.0', paths: { '/pets/{id}': { get: {} }, '/pets': { post: {} } } }, null, 2);
    expect(operationLines(json, plan)).toEqual({ a: 5, b: 8 });
  });
});
