/**
 * Which operations act on a collection of resources, read from the plan's paths: `/books` with an
 * item path `/books/{bookId}` is a collection (GET lists, POST creates), and the item path's
 * GET/PUT/PATCH/DELETE read, replace, update and delete one. Nested collections
 * (`/shops/{shopId}/books`) are keyed by their concrete parent path, so each shop has its own.
 */
import { type JsonSchema, type MockPlan, type PlanOperation, type PlanResponse, successResponse } from '../plan';
import { isJsonMediaType } from './negotiate';
import { objectShape, type ObjectShape } from './object-shape';

export type CrudAction = 'list' | 'create' | 'read' | 'replace' | 'update' | 'delete';

export interface ResourceOperation {
  action: CrudAction;
  /** The collection's path template (`/books`, `/shops/{shopId}/books`). */
  collection: string;
  /** The item path's parameter (`bookId`), when the collection has an item path. */
  itemParam: string | null;
  /** The property that holds a record's id (`id`, or the item parameter's name), if the item schema has one. */
  idProperty: string | null;
  /** The item's schema as responses carry it. */
  itemSchema: JsonSchema | undefined;
  item: ObjectShape;
}

const ID_NAMES = ['id', '_id', 'uuid', 'key', 'slug', 'name'];

export function findResources(plan: MockPlan): Map<PlanOperation, ResourceOperation> {
  const byPath = new Map<string, PlanOperation[]>();
  for (const op of plan.operations) {
    const path = trim(op.path);
    byPath.set(path, [...(byPath.get(path) ?? []), op]);
  }
  // collection template → its item path's parameter
  const items = new Map<string, string>();
  for (const path of byPath.keys()) {
    const m = /^(.*)\/\{([^{}/]+)\}$/.exec(path);
    if (m) items.set(m[1] === '' ? '/' : m[1], m[2]);
  }
  const found = new Map<PlanOperation, ResourceOperation>();
  for (const [path, ops] of byPath) {
    const itemParam = items.get(path);
    const parent = /^(.*)\/\{([^{}/]+)\}$/.exec(path);
    for (const op of ops) {
      let action: CrudAction | null = null;
      let collection = path;
      let param: string | null = itemParam ?? null;
      if (itemParam !== undefined) {
        action = op.method === 'get' ? 'list' : op.method === 'post' ? 'create' : null;
      } else if (parent) {
        collection = parent[1] === '' ? '/' : parent[1];
        param = parent[2];
        action = ({ get: 'read', put: 'replace', patch: 'update', delete: 'delete' } as Record<string, CrudAction>)[op.method] ?? null;
      } else if (ops.some((o) => o.method === 'get') && ops.some((o) => o.method === 'post' && o.responses.some((r) => r.status === '201'))) {
        // A list and a create (201) without an item path still make a collection; a GET and a
        // POST that answers 200 at one path is more often a search than a collection.
        action = op.method === 'get' ? 'list' : op.method === 'post' ? 'create' : null;
      }
      if (action === null) continue;
      const itemSchema = itemSchemaFor(plan, op, action, byPath.get(collection) ?? [], param === null ? [] : (byPath.get(`${collection === '/' ? '' : collection}/{${param}}`) ?? []));
      const item = objectShape(itemSchema, plan.schemas);
      // Only JSON objects are stored: an item that is an image or text is left to the plain path.
      if (itemSchema === undefined || item.properties.size === 0) continue;
      found.set(op, { action, collection, itemParam: param, idProperty: idPropertyOf(item, param), itemSchema, item });
    }
  }
  return found;
}

/** The item schema: from the item GET, else this operation's own success body, else the list's items. */
function itemSchemaFor(plan: MockPlan, op: PlanOperation, action: CrudAction, collectionOps: PlanOperation[], itemOps: PlanOperation[]): JsonSchema | undefined {
  const read = itemOps.find((o) => o.method === 'get');
  const fromRead = read ? jsonSchemaOf(successResponse(read)) : undefined;
  if (fromRead !== undefined) return fromRead;
  if (action !== 'list' && action !== 'delete') {
    const own = jsonSchemaOf(successResponse(op));
    if (own !== undefined) return own;
  }
  const list = collectionOps.find((o) => o.method === 'get');
  const listSchema = list ? jsonSchemaOf(successResponse(list)) : undefined;
  if (listSchema === undefined) return undefined;
  const shape = objectShape(listSchema, plan.schemas);
  if (shape.isArray) return shape.items;
  for (const sub of shape.properties.values()) {
    const inner = objectShape(sub, plan.schemas);
    if (inner.isArray) return inner.items;
  }
  return undefined;
}

export function jsonSchemaOf(response: PlanResponse | undefined): JsonSchema | undefined {
  return response?.contents.find((m) => isJsonMediaType(m.mediaType))?.schema;
}

function idPropertyOf(item: ObjectShape, param: string | null): string | null {
  if (param !== null && item.properties.has(param)) return param;
  for (const name of ID_NAMES) if (item.properties.has(name)) return name;
  // `bookId` for `/books/{bookId}` when the item calls it `book_id`, `BookID`…
  const loose = param?.toLowerCase().replace(/[_-]/g, '');
  for (const name of item.properties.keys()) if (loose !== undefined && name.toLowerCase().replace(/[_-]/g, '') === loose) return name;
  return null;
}

function trim(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
