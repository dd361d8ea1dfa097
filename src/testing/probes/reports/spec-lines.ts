/**
 * Where each operation is written in the spec text (1-based line), for report locations: the
 * path's key, then the method's key after it. A plain scan of YAML or JSON keys, not a parse;
 * an operation it cannot place gets line 1.
 */
import type { MockPlan } from '../../../plan';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function operationLines(specText: string, plan: MockPlan): Record<string, number> {
  const lines = specText.split(/\r?\n/);
  const out: Record<string, number> = {};
  for (const op of plan.operations) {
    const path = escapeRegExp(op.path);
    const pathKey = new RegExp(`^\\s*["']?${path}["']?\\s*:`);
    const at = lines.findIndex((line) => pathKey.test(line));
    if (at < 0) {
      out[op.id] = 1;
      continue;
    }
    const indent = lines[at].search(/\S/);
    const methodKey = new RegExp(`^\\s*["']?${op.method}["']?\\s*:`, 'i');
    let found = at;
    for (let i = at + 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      if (line.search(/\S/) <= indent && !/^\s*[}\]],?\s*$/.test(line)) break;
      if (methodKey.test(line)) {
        found = i;
        break;
      }
    }
    out[op.id] = found + 1;
  }
  return out;
}
