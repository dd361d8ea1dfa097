/** What every section of a plan analysis shares: how it names an operation and how it bounds a list. */
import type { PlanOperation, PlanResponse } from '../types';

/** An operation as a scenario rule names it: `endpoint` is the path template, `method` upper-case. */
export interface OperationRef {
  id: string;
  method: string;
  path: string;
}

/** A list cut to a size a prompt or tool result can carry: `total` says how many there were. */
export interface Bounded<T> {
  total: number;
  items: T[];
}

export function refOf(op: PlanOperation): OperationRef {
  return { id: op.id, method: op.method.toUpperCase(), path: op.path };
}

export function bounded<T>(all: T[], max: number): Bounded<T> {
  return { total: all.length, items: all.slice(0, max) };
}

export const WRITE_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch', 'delete']);

export function isWrite(op: PlanOperation): boolean {
  return WRITE_METHODS.has(op.method);
}

/** Whether the operation declares `code` exactly or through its range (`4XX`); `default` does not count. */
export function declares(op: PlanOperation, code: number): boolean {
  const text = String(code);
  return op.responses.some((r) => r.status === text || r.status === `${text[0]}XX`);
}

/** The lowest declared 2xx (exact or range), the response a client gets when all goes well. */
export function successOf(op: PlanOperation): PlanResponse | undefined {
  const rank = (r: PlanResponse) => (/^\d+$/.test(r.status) ? Number(r.status) : Number(r.status[0]) * 100);
  return op.responses.filter((r) => r.status.startsWith('2')).sort((a, b) => rank(a) - rank(b))[0];
}

export function isJsonMedia(mediaType: string): boolean {
  return /^application\/(.+\+)?json\b/.test(mediaType) || mediaType === '*/*' || mediaType === 'application/*';
}
