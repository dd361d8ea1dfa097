/**
 * Promotion: the bodies of a recording checked against the spec; the valid ones join the plan as
 * named examples of their response and media type (a new plan version), the invalid ones are
 * listed with every violation and left out.
 */
import { findOperation } from '../scenarios';
import { hashText, type MockPlan, responseFor } from '../plan';
import type { ProblemItem } from '../problem';
import type { Scenario } from '../scenarios';
import { createResponseValidator } from './validate-response';

export interface Promotion {
  /** The plan with the new examples, or null when nothing was promoted. */
  plan: MockPlan | null;
  promoted: Array<{ operation: string; status: number; mediaType: string; example: string }>;
  refused: Array<{ operation: string; status: number; path: string | null; violations: ProblemItem[] }>;
}

export function promoteRecording(plan: MockPlan, scenario: Scenario): Promotion {
  const next: MockPlan = structuredClone(plan);
  const validate = createResponseValidator(next);
  const promoted: Promotion['promoted'] = [];
  const refused: Promotion['refused'] = [];
  let n = 0;
  for (const rule of scenario.rules) {
    const found = findOperation(next, rule.endpoint, rule.method);
    if (!found.ok || !rule.recorded) continue;
    const op = found.operation;
    for (const entry of rule.recorded) {
      for (const r of entry.responses) {
        if (r.body === null || r.body === '') continue;
        const contentType = r.headers['content-type'] ?? null;
        const violations = validate(op, r.status, contentType, r.body);
        if (violations.length > 0) {
          refused.push({ operation: op.id, status: r.status, path: entry.path ?? null, violations });
          continue;
        }
        const media = responseFor(op, r.status)?.contents.find((m) => m.mediaType === (contentType ?? '').split(';')[0].trim().toLowerCase()) ?? responseFor(op, r.status)?.contents[0];
        if (media === undefined || !/json/.test(media.mediaType)) continue;
        const value: unknown = JSON.parse(r.body);
        const same = media.examples.find((e) => JSON.stringify(e.value) === r.body || JSON.stringify(e.value) === JSON.stringify(value));
        if (same) continue;
        n += 1;
        const name = uniqueName(`${scenario.name}-${n}`, media.examples.map((e) => e.name));
        media.examples.push({ name, value, valid: true, summary: `Recorded from the upstream (${entry.path ?? op.path})` });
        promoted.push({ operation: op.id, status: r.status, mediaType: media.mediaType, example: name });
      }
    }
  }
  if (promoted.length === 0) return { plan: null, promoted, refused };
  next.version = hashText(JSON.stringify({ ...next, version: '' }));
  return { plan: next, promoted, refused };
}

function uniqueName(wanted: string, taken: string[]): string {
  let name = wanted;
  for (let i = 2; taken.includes(name); i++) name = `${wanted}-${i}`;
  return name;
}
