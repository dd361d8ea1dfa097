/**
 * Where stateful CRUD keeps its records: one store per scope (the mock's global state, or one
 * test session). The mock worker backs it with the MockState Durable Object; the in-memory one
 * serves unit tests and anything that runs the runtime outside a worker.
 */

/** Largest record kept (JSON text): the size of one Durable Object storage value in the older backend. */
export const MAX_RECORD_BYTES = 128 * 1024;

export interface RecordStore {
  get(collection: string, id: string): Promise<unknown | undefined>;
  /** Every record of a collection, oldest first. */
  list(collection: string): Promise<unknown[]>;
  /** Stores a record; with `onlyIfAbsent`, false (and nothing stored) when the id is taken. */
  put(collection: string, id: string, value: unknown, onlyIfAbsent: boolean): Promise<boolean>;
  /** False when there was no such record. */
  remove(collection: string, id: string): Promise<boolean>;
  /** A fresh unique id (also the seed of a new record's synthesised fields). */
  newId(): string;
}

export function createMemoryRecordStore(newId: () => string): RecordStore {
  const collections = new Map<string, Map<string, unknown>>();
  const of = (c: string) => {
    let m = collections.get(c);
    if (!m) {
      m = new Map();
      collections.set(c, m);
    }
    return m;
  };
  return {
    get: async (c, id) => structuredClone(of(c).get(id)),
    list: async (c) => [...of(c).values()].map((v) => structuredClone(v)),
    put: async (c, id, value, onlyIfAbsent) => {
      if (onlyIfAbsent && of(c).has(id)) return false;
      of(c).set(id, structuredClone(value));
      return true;
    },
    remove: async (c, id) => of(c).delete(id),
    newId,
  };
}
