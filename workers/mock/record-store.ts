/** Stateful CRUD records of one scope, kept by the mock's MockState DO (one RPC per operation). */
import type { RecordStore } from '../../src/runtime';
import type { Env } from './env';
import { mockStateStub } from './mock-state';

export function recordStore(env: Env, scope: string): RecordStore {
  const stub = mockStateStub(env);
  return {
    get: async (collection, id) => parse(await stub.recordGet(scope, collection, id)),
    list: async (collection) => (await stub.recordList(scope, collection)).map(parse),
    // JSON text across the RPC boundary: structured clone refuses a `__proto__` key.
    put: (collection, id, value, onlyIfAbsent) => stub.recordPut(scope, collection, id, JSON.stringify(value), onlyIfAbsent),
    remove: (collection, id) => stub.recordRemove(scope, collection, id),
    newId: () => crypto.randomUUID(),
  };
}

function parse(json: string | null): unknown {
  return json === null ? undefined : JSON.parse(json);
}
