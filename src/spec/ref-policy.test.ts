import { describe, expect, it } from 'vitest';
import { loadSpec } from './load';
import { refRefusal } from './ref-policy';

const specWithRef = (ref: string) =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/a': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } } } } },
  });

async function loadFrom(location: string, ref: string, remoteRefs?: 'same-origin' | 'none') {
  const read: string[] = [];
  const readText = async (where: string) => {
    read.push(where);
    return JSON.stringify({ Pet: { type: 'object' } });
  };
  const result = await loadSpec({ text: specWithRef(ref), location }, { readText, remoteRefs });
  return { result, read };
}

describe('what a fetched document may reference', () => {
  it.each([
    ['file:///etc/passwd#/x'],
    ['file:///home/user/.mockloop/state/mocks.json#/0'],
    ['http://127.0.0.1:8787/mcp#/x'],
    ['http://169.254.169.254/latest/meta-data#/x'],
    ['https://other.example/schemas.json#/Pet'],
    ['//other.example/schemas.json#/Pet'],
  ])('a spec from https://api.example may not $ref %s, and the reader is never asked', async (ref) => {
    const { result, read } = await loadFrom('https://api.example/spec.json', ref);
    expect(read).toEqual([]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.errors?.[0]).toMatchObject({ code: 'external-ref-refused' });
      expect(result.problem.detail).toMatch(/same origin/);
    }
  });

  it('reads a document of the same origin, relative or absolute', async () => {
    const { result, read } = await loadFrom('https://api.example/v1/spec.json', 'schemas.json#/Pet');
    expect(result.ok).toBe(true);
    expect(read).toEqual(['https://api.example/v1/schemas.json']);
    expect((await loadFrom('https://api.example/v1/spec.json', 'https://api.example/s.json#/Pet')).result.ok).toBe(true);
  });

  it('reads nothing external with remoteRefs: none', async () => {
    const { result, read } = await loadFrom('https://api.example/v1/spec.json', 'schemas.json#/Pet', 'none');
    expect(result.ok).toBe(false);
    expect(read).toEqual([]);
  });

  it('lets a local file name files and URLs (the shell decides which), never other schemes', () => {
    expect(refRefusal('/specs/common.yaml', '/specs/api.yaml')).toBeUndefined();
    expect(refRefusal('file:///specs/common.yaml', 'file:///specs/api.yaml')).toBeUndefined();
    expect(refRefusal('https://api.example/x.json', 'file:///specs/api.yaml')).toBeUndefined();
    expect(refRefusal('data:application/json,{}', 'file:///specs/api.yaml')).toMatch(/not read/);
  });
});

describe('a rejected document is never quoted', () => {
  it.each([
    ['a password file', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n'],
    ['an env file', 'ADMIN_TOKEN=s3cr3t-Admin-T0ken\n'],
    ['a registry', '[{"name":"shop","adminToken":"s3cr3t-Admin-T0ken"}]'],
    ['a config object', '{"adminToken":"s3cr3t-Admin-T0ken","port":1}'],
    ['a bogus version', 'openapi: s3cr3t-Admin-T0ken\n'],
    ['broken JSON', '{"adminToken": s3cr3t-Admin-T0ken}'],
  ])('%s', async (_name, text) => {
    const result = await loadSpec({ text, location: 'x' });
    expect(result.ok).toBe(false);
    const shown = JSON.stringify(result);
    for (const secret of ['s3cr3t', 'root:x', 'daemon', 'adminToken', 'ADMIN_TOKEN']) expect(shown).not.toContain(secret);
  });
});
