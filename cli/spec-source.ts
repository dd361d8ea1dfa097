/** Reading a spec from a file path or URL in Node, with relative external refs next to it. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compilePlan, type MockPlan } from '../src/plan';
import type { Problem } from '../src/problem';
import { loadSpec } from '../src/spec';

export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

export async function readText(location: string): Promise<string> {
  if (isUrl(location)) {
    const res = await fetch(location);
    if (!res.ok) throw new Error(`GET ${location} answered ${res.status}`);
    return res.text();
  }
  const path = location.startsWith('file://') ? fileURLToPath(location) : location;
  return readFile(path, 'utf8');
}

export type CompileOutcome = { ok: true; plan: MockPlan; location: string } | { ok: false; problem: Problem; location: string };

export async function compileSpecAt(input: string): Promise<CompileOutcome> {
  const location = isUrl(input) ? input : pathToFileURL(resolve(input)).href;
  let text: string;
  try {
    text = await readText(location);
  } catch (error) {
    return {
      ok: false,
      location,
      problem: { type: 'https://mockloop.dev/problems/spec-unreadable', title: 'The spec cannot be read', status: 400, detail: error instanceof Error ? error.message : String(error) },
    };
  }
  const loaded = await loadSpec({ text, location }, { readText });
  if (!loaded.ok) return { ok: false, problem: loaded.problem, location };
  return { ok: true, plan: compilePlan(loaded.value), location };
}
