/**
 * What the steering, log and session tools share: the running mock a tool argument names, and the
 * admin API's refusals turned into tool errors that name the tool's own argument.
 */
import { type Problem, problem } from '../../problem';
import type { AdminClient } from '../admin-client';
import { TOOL_MOCK_STOPPED } from '../errors';
import { findMock, type ToolDeps } from './deps';

export type Reached = { ok: true; admin: AdminClient; name: string } | { ok: false; problem: Problem };

/** The admin client of the running mock called `name`; a problem naming `field` otherwise. */
export async function reachMock(deps: Pick<ToolDeps, 'deployer' | 'admin'>, name: string, field = 'mock_name'): Promise<Reached> {
  const found = await findMock(deps.deployer, name, field);
  if (!found.ok) return found;
  if (found.mock.status !== 'running') {
    return { ok: false, problem: problem(TOOL_MOCK_STOPPED, `${field}: mock "${name}" is stopped; start it with start_mock_server.`, { errors: [{ location: field, message: 'stopped' }] }) };
  }
  return { ok: true, admin: deps.admin(found.mock), name };
}

/**
 * An admin refusal as a tool error: `body/x` and `query/x` locations become the tool argument they
 * came from (`fields` maps admin names to argument names; `body` names the argument sent as the body).
 */
export function asToolProblem(p: Problem, options: { body?: string; fields?: Record<string, string> } = {}): Problem {
  const rename = (location: string): string => {
    const [where, ...rest] = location.split('/');
    if (where === 'body' && options.body !== undefined) return [options.body, ...rest].join('.');
    const first = rest[0];
    if ((where === 'query' || where === 'body') && first !== undefined) return [options.fields?.[first] ?? first, ...rest.slice(1)].join('.');
    return location;
  };
  const errors = Array.isArray(p.errors) ? p.errors.map((e) => ({ ...e, location: rename(e.location) })) : undefined;
  if (!errors?.length) return p;
  // The items first, named by argument; the admin call that refused them after (its detail repeats the items).
  const named = errors.map((e) => `${e.location}: ${e.message}`).join('; ');
  const available = Array.isArray(p.available) && p.available.length > 0 && !named.includes('Available:') ? ` Available: ${p.available.slice(0, 30).join(', ')}.` : '';
  const call = /^(.*? answered \d{3})/.exec(p.detail ?? '')?.[1];
  return { ...p, detail: `${named}${available}${call ? ` (${call})` : ''}`, errors };
}

export { queryString } from '../admin-client';
