import { describe, expect, it } from 'vitest';
import { problem } from '../../problem';
import { TOOL_ADMIN_FAILED } from '../errors';
import { asToolProblem, queryString } from './mock-admin';

describe('asToolProblem', () => {
  it('names the tool argument a body item came from, and keeps which admin call refused it', () => {
    const p = problem(TOOL_ADMIN_FAILED, 'POST /api/mock-data/scenarios on "shop" answered 422: The scenario does not fit the API: 1 problem(s).', {
      adminStatus: 422,
      errors: [{ location: 'body/rules/0/status', message: 'listBooks does not declare 418' }],
    });
    const out = asToolProblem(p, { body: 'scenario' });
    expect(out.errors).toEqual([{ location: 'scenario.rules.0.status', message: 'listBooks does not declare 418' }]);
    expect(out.detail).toBe('scenario.rules.0.status: listBooks does not declare 418 (POST /api/mock-data/scenarios on "shop" answered 422)');
  });

  it('renames query parameters to the argument names', () => {
    const p = problem(TOOL_ADMIN_FAILED, 'x answered 400: bad', { errors: [{ location: 'query/path_glob', message: 'too long' }] });
    expect(asToolProblem(p, { fields: { path_glob: 'path_pattern' } }).errors?.[0].location).toBe('path_pattern');
  });

  it('leaves a problem without items as it is', () => {
    const p = problem(TOOL_ADMIN_FAILED, 'GET /api/stats on "shop" answered 500: boom');
    expect(asToolProblem(p)).toEqual(p);
  });
});

describe('queryString', () => {
  it('drops undefined values and joins lists with commas', () => {
    expect(queryString({ method: ['GET', 'POST'], status: [404, '5xx'], q: undefined, limit: 5 })).toBe('?method=GET%2CPOST&status=404%2C5xx&limit=5');
    expect(queryString({ a: undefined })).toBe('');
  });
});
