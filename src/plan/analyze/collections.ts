/** Collections read from path shapes: `/books` with an item path `/books/{id}` (nested ones too). */
import type { MockPlan } from '../types';
import { type Bounded, bounded } from './common';

export interface Collection {
  /** The collection's path template (`/books`, `/shops/{shopId}/books`). */
  path: string;
  /** The item path template (`/books/{bookId}`). */
  itemPath: string;
  itemParam: string;
  /** Methods declared on each path, upper-case. */
  collectionMethods: string[];
  itemMethods: string[];
}

function trim(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export function findCollections(plan: MockPlan): Collection[] {
  const methods = new Map<string, { raw: string; methods: string[] }>();
  for (const op of plan.operations) {
    const key = trim(op.path);
    const entry = methods.get(key) ?? { raw: op.path, methods: [] };
    entry.methods.push(op.method.toUpperCase());
    methods.set(key, entry);
  }
  const found: Collection[] = [];
  for (const [key, item] of methods) {
    const m = /^(.*)\/\{([^{}/]+)\}$/.exec(key);
    if (!m) continue;
    const collection = methods.get(m[1] === '' ? '/' : m[1]);
    if (!collection) continue;
    found.push({ path: collection.raw, itemPath: item.raw, itemParam: m[2], collectionMethods: collection.methods, itemMethods: item.methods });
  }
  return found;
}

export function analyzeCollections(plan: MockPlan, max: number): Bounded<Collection> {
  return bounded(findCollections(plan), max);
}
