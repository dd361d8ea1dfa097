import { describe, expect, it } from 'vitest';
import { synthesize } from './index';

describe('dynamic mode and defaults', () => {
  it('keeps every optional property that has a default, with that default (as Prism does)', () => {
    const schema = {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['active', 'paused'], default: 'paused' },
        pageSize: { $ref: '#/$defs/PageSize' },
        note: { type: 'string' },
      },
    };
    const defs = { PageSize: { type: 'integer', minimum: 1, maximum: 100, default: 25 } };
    for (let seed = 1; seed <= 20; seed++) {
      const value = synthesize(schema, { seed, mode: 'dynamic', defs }) as Record<string, unknown>;
      expect(value.status).toBe('paused');
      expect(value.pageSize).toBe(25);
    }
  });

  it('ignores a default that does not validate', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const value = synthesize({ type: 'integer', minimum: 10, default: 3 }, { seed, mode: 'dynamic' });
      expect(value).toBeGreaterThanOrEqual(10);
    }
  });
});
