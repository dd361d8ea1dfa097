/** What every API route of the fake reaches: the account state, the runtime, the control and the caller's token. */
import type { Context } from 'hono';
import type { FakeControl, Permission, TokenGrant } from './control';
import { grants } from './control';
import { authError, badRequest, d1NotAuthorized, namespaceNotFound, scriptNotFound } from './errors';
import type { FakeRuntime } from './runtime';
import type { AccountState, Script } from './state';

export interface Fake {
  account: AccountState;
  runtime: FakeRuntime;
  control: FakeControl;
  tokens: TokenGrant[];
  /** Removes the Durable Object storage of a deleted script (Cloudflare deletes its namespaces with it). */
  forgetDurableObjects(script: Script): Promise<void>;
}

export type FakeEnv = { Variables: { token: TokenGrant } };
export type Ctx = Context<FakeEnv>;

export function need(c: Ctx, permission: Permission): void {
  if (grants(c.get('token'), permission)) return;
  throw permission.startsWith('D1') ? d1NotAuthorized() : authError();
}

/** The scripts map a route works on: the account's, or a dispatch namespace's when the path names one. */
export function scriptsOf(fake: Fake, c: Ctx): Map<string, Script> {
  const ns = c.req.param('ns');
  if (ns === undefined) return fake.account.scripts;
  const scripts = fake.account.namespaceScripts.get(ns);
  if (scripts === undefined) throw namespaceNotFound();
  return scripts;
}

/** Who is changing a script: Cloudflare tells wrangler's deploys from other API clients by the User-Agent. */
export function sourceOf(c: Ctx): 'wrangler' | 'api' {
  return (c.req.header('user-agent') ?? '').startsWith('wrangler/') ? 'wrangler' : 'api';
}

export function namespaceOf(c: Ctx): string | undefined {
  return c.req.param('ns');
}

export function scriptOf(fake: Fake, c: Ctx): Script {
  const script = scriptsOf(fake, c).get(c.req.param('name') ?? '');
  if (script === undefined) throw scriptNotFound();
  return script;
}

/** JSON body of a request, or a Cloudflare 400 when it is not JSON. */
export async function jsonBody(c: Ctx): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw badRequest('Invalid request body: not JSON');
  }
}
