import { describe, expect, it } from 'vitest';
import { mergePatch } from '../../json/merge-patch';
import { type ContextRecord, MAX_CONTEXT_CHARS, nextData } from './model';

const record = (data: Record<string, unknown>, version = 3): ContextRecord => ({
  id: 'ctx_1',
  type: 'workflow',
  name: 'w',
  parentId: null,
  data,
  metadata: {},
  version,
  createdAt: 0,
  updatedAt: 0,
});

describe('contexts', () => {
  it('merges by RFC 7396: nested objects merge, null removes, arrays replace', () => {
    expect(mergePatch({ a: 1, b: { c: 2, e: [1] } }, { a: null, b: { d: 3, e: [2] } })).toEqual({ b: { c: 2, d: 3, e: [2] } });
  });

  it('replace mode drops what the new data does not have', () => {
    const out = nextData(record({ a: 1 }), { data: { b: 2 }, mode: 'replace' });
    expect(out).toEqual({ ok: true, value: { b: 2 } });
  });

  it('refuses a stale expected version, naming the field and the current version', () => {
    const out = nextData(record({ a: 1 }, 5), { data: { b: 2 }, mode: 'merge', expectedVersion: 4 });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.problem.status).toBe(409);
      expect(out.problem.errors?.[0].location).toBe('expected_version');
      expect(out.problem.currentVersion).toBe(5);
    }
  });

  it('refuses data over the size limit', () => {
    const out = nextData(record({}), { data: { big: 'x'.repeat(MAX_CONTEXT_CHARS) }, mode: 'merge' });
    expect(out.ok).toBe(false);
  });
});
