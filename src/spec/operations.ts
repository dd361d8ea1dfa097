/** Operation-level checks and repairs: unique operationIds and well-formed response keys. */
import type { ProblemItem } from '../problem/index';
import { WARNING } from './errors';
import { isObject, type JsonObject, own, setOwn } from './json';
import { escapePointer } from './pointer';
import { pointerOf, type Visitor, walk } from './walk';

/** Names at most this many other places in one warning, so a thousand copies stay readable. */
const MAX_NAMED = 3;

/**
 * Collects operationIds during a pass; `warnings()` then gives one warning per operation whose
 * operationId another operation also uses, naming the others.
 */
export function operationIdCollector(): { visitor: Visitor; warnings(): ProblemItem[] } {
  const seen = new Map<string, string[]>();
  const visitor: Visitor = {
    enter(frame) {
      if (frame.kind !== 'operation') return;
      const id = own(frame.node, 'operationId');
      if (typeof id !== 'string') return;
      const pointers = seen.get(id);
      if (pointers) pointers.push(pointerOf(frame));
      else seen.set(id, [pointerOf(frame)]);
    },
  };
  const warnings = (): ProblemItem[] => {
    const out: ProblemItem[] = [];
    for (const [id, pointers] of seen) {
      if (pointers.length < 2) continue;
      pointers.forEach((pointer, index) => {
        const others = pointers.filter((_, other) => other !== index);
        const named = others.slice(0, MAX_NAMED).join(', ') + (others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : '');
        const message = `operationId "${id}" is used by more than one operation: also ${named}`;
        out.push({ location: `${pointer}/operationId`, message, code: WARNING.duplicateOperationId });
      });
    }
    return out;
  };
  return { visitor, warnings };
}

/** Warnings for operationIds used more than once. */
export function duplicateOperationIds(document: JsonObject): ProblemItem[] {
  const collector = operationIdCollector();
  walk(document, 'document', collector.visitor);
  return collector.warnings();
}

const STATUS = /^([1-5]\d\d|[1-5]XX|default)$/;

/** The key a response should have: range codes upper-case (`4xx` → `4XX`), `Default` → `default`. */
function canonicalStatus(key: string): string {
  if (/^[1-5]xx$/i.test(key)) return key.toUpperCase();
  if (/^default$/i.test(key)) return 'default';
  return key;
}

function normaliseResponseMap(responses: JsonObject, pointer: string, warnings: ProblemItem[]): void {
  const keys = Object.keys(responses);
  for (const key of keys) {
    if (key.startsWith('x-') || STATUS.test(canonicalStatus(key))) continue;
    const message = `Response key "${key}" is not a status code, a range like 4XX, or default`;
    warnings.push({ location: `${pointer}/${escapePointer(key)}`, message, code: WARNING.invalidStatusCode });
  }
  if (keys.every((key) => canonicalStatus(key) === key)) return;
  // Rebuilt rather than renamed in place, so the declared order of responses survives.
  const entries = Object.entries(responses);
  for (const key of keys) delete responses[key];
  for (const [key, value] of entries) {
    const status = canonicalStatus(key);
    if (Object.hasOwn(responses, status)) {
      const message = `Response "${key}" repeats "${status}" and is dropped`;
      warnings.push({ location: `${pointer}/${escapePointer(key)}`, message, code: WARNING.duplicateStatusCode });
      continue;
    }
    setOwn(responses, status, value);
  }
}

/** A visitor that upper-cases range status codes in every operation's responses and warns about keys that are not codes. */
export function responseNormaliser(warnings: ProblemItem[]): Visitor {
  return {
    enter(frame) {
      if (frame.kind !== 'operation') return;
      const responses = own(frame.node, 'responses');
      if (isObject(responses)) normaliseResponseMap(responses, `${pointerOf(frame)}/responses`, warnings);
    },
  };
}
