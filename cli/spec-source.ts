/**
 * Reading a spec from a file path or URL in Node, with relative external refs next to it, under
 * a `SpecAccess`: which files and which network addresses may be read (docs/decisions/0013).
 * The CLI's own argument is the operator's and is trusted; an MCP caller's is not.
 */
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AddressPolicy, PUBLIC_ONLY } from '../src/net';
import { compilePlan, type MockPlan } from '../src/plan';
import type { Problem } from '../src/problem';
import { loadSpec, type RemoteRefs } from '../src/spec';
import { DEFAULT_FETCH_LIMITS, type FetchLimits, fetchSpecText } from './spec-fetch';
import { readSpecFile } from './spec-files';

export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

export interface SpecAccess {
  /** Directories spec files (and the files their `$ref`s name) may come from. */
  specDirs: readonly string[];
  /** Directories never read (the state directory). */
  denyDirs: readonly string[];
  /** Addresses beyond the public internet that spec URLs may reach. */
  network: AddressPolicy;
  /** What a spec fetched from a URL may reference. */
  remoteRefs: RemoteRefs;
  limits: FetchLimits;
}

export function defaultSpecAccess(overrides: Partial<SpecAccess> = {}): SpecAccess {
  return { specDirs: [process.cwd()], denyDirs: [], network: PUBLIC_ONLY, remoteRefs: 'same-origin', limits: DEFAULT_FETCH_LIMITS, ...overrides };
}

/** The absolute location of a spec argument: a URL as it is, a path as a file: URL. */
export function specLocation(input: string): string {
  return isUrl(input) || /^file:/i.test(input) ? input : pathToFileURL(resolve(input)).href;
}

/**
 * A reader for `loadSpec` under `access`. `trusted` is the location the operator named on the
 * command line: that file is read wherever it is, that URL's origin whatever its address.
 */
export function specReader(access: SpecAccess, trusted?: string): (location: string) => Promise<string> {
  const trustedOrigins = trusted !== undefined && isUrl(trusted) ? [new URL(trusted).origin] : [];
  return (location) => {
    if (isUrl(location)) return fetchSpecText(location, { policy: access.network, trustedOrigins }, access.limits);
    if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith('file:')) return Promise.reject(new Error(`${location.split(':')[0]}: locations are not read`));
    const dirs = trusted !== undefined && location === trusted ? 'any' : access.specDirs;
    return readSpecFile(location, { dirs, deny: access.denyDirs, maxBytes: access.limits.maxBytes });
  };
}

export type CompileOutcome = { ok: true; plan: MockPlan; location: string } | { ok: false; problem: Problem; location: string };

const SPEC_UNREADABLE = { type: 'https://mockloop.dev/problems/spec-unreadable', title: 'The spec cannot be read', status: 400 };

/** Reads and compiles a spec under `access`; `trusted`: the caller is the operator (the CLI). */
export async function compileSpec(input: string, access: SpecAccess, trusted: boolean, onRead: () => void = () => {}): Promise<CompileOutcome> {
  const location = specLocation(input);
  const readText = specReader(access, trusted ? location : undefined);
  let text: string;
  try {
    text = await readText(location);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    // A file's message names no path; say which one the caller gave.
    return { ok: false, location, problem: { ...SPEC_UNREADABLE, detail: isUrl(location) ? why : `${input}: ${why}` } };
  }
  onRead();
  const loaded = await loadSpec({ text, location }, { readText, remoteRefs: access.remoteRefs });
  if (!loaded.ok) return { ok: false, problem: loaded.problem, location };
  return { ok: true, plan: compilePlan(loaded.value), location };
}

/**
 * The CLI's compile: the spec it was given is read wherever it is; the files its `$ref`s name
 * must lie beside it or under the working directory; URLs other than the one given must be public.
 */
export function compileSpecAt(input: string, access: Partial<SpecAccess> = {}): Promise<CompileOutcome> {
  const near = isUrl(input) ? [] : [dirname(resolve(input))];
  return compileSpec(input, defaultSpecAccess({ ...access, specDirs: [...near, ...(access.specDirs ?? [process.cwd()])] }), true);
}
