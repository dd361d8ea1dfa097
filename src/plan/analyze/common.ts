/** What every section of a plan analysis shares: how it names an operation and how it bounds a list. */
import type { PlanOperation } from '../types';

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

export function isJsonMedia(mediaType: string): boolean {
  return /^application\/(.+\+)?json\b/.test(mediaType) || mediaType === '*/*' || mediaType === 'application/*';
}
