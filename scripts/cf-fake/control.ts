/**
 * What a test steers and reads on the fake: accepted tokens and their permissions, injected faults
 * (answer 403/429/500 on a method + path pattern N times) and the log of API calls.
 */
import { z } from 'zod';
import { type CfApiError, fail } from './envelope';
import { authError, internalError, rateLimited } from './errors';
import { CfApiError as ApiError } from './envelope';

/** Cloudflare permission-group names the fake checks (a Write implies its Read). */
export const PERMISSIONS = [
  'Account Settings Read',
  'Memberships Read',
  'User Details Read',
  'Workers Scripts Read',
  'Workers Scripts Write',
  'Workers Routes Read',
  'Workers Routes Write',
  'Zone Read',
  'D1 Read',
  'D1 Write',
  'Workers KV Storage Read',
  'Workers KV Storage Write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface TokenGrant {
  value: string;
  /** Defaults to every permission. */
  permissions?: Permission[];
}

export function grants(token: TokenGrant, needed: Permission): boolean {
  const held = token.permissions ?? PERMISSIONS;
  if (held.includes(needed)) return true;
  // SAFETY: every "X Read" permission in PERMISSIONS has its "X Write"; a missing one is simply not held.
  return needed.endsWith(' Read') && held.includes(needed.replace(/ Read$/, ' Write') as Permission);
}

export const FaultSchema = z.object({
  method: z.string().default('*'),
  /** Path below /client/v4; `*` matches within one segment, `**` across segments. */
  path: z.string().min(1),
  status: z.union([z.literal(403), z.literal(429), z.literal(500), z.literal(502), z.literal(503)]),
  times: z.number().int().positive().default(1),
  retryAfter: z.number().int().nonnegative().default(1),
  code: z.number().int().optional(),
  message: z.string().optional(),
});
export type FaultInput = z.input<typeof FaultSchema>;
type Fault = z.output<typeof FaultSchema> & { pattern: RegExp };

export interface ApiCall {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

export class FakeControl {
  readonly calls: ApiCall[] = [];
  #faults: Fault[] = [];

  setFault(input: FaultInput): void {
    const fault = FaultSchema.parse(input);
    this.#faults.push({ ...fault, pattern: globToRegExp(fault.path) });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  get pendingFaults(): number {
    return this.#faults.reduce((n, f) => n + f.times, 0);
  }

  /** The injected failure for this request, if one is armed (and uses one of its N times). */
  takeFault(method: string, path: string): Response | null {
    const fault = this.#faults.find((f) => (f.method === '*' || f.method.toUpperCase() === method) && f.pattern.test(path));
    if (fault === undefined) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return fail(faultError(fault));
  }
}

function faultError(fault: Fault): CfApiError {
  const base = fault.status === 403 ? authError() : fault.status === 429 ? rateLimited(fault.retryAfter) : internalError();
  if (fault.code === undefined && fault.message === undefined && fault.status !== 502 && fault.status !== 503) return base;
  return new ApiError(fault.status, fault.code ?? base.errors[0].code, fault.message ?? base.errors[0].message, base.headers);
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
}
