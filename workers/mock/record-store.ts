/** Stateful CRUD records of one scope, kept by the mock's MockState DO (one RPC per operation). */
import type { RecordStore } from '../../src/runtime';
import type { Env } from './env';
import { mockStateStub } from './mock-state';

export function recordStore(env: Env, scope: string): RecordStore {
  const stub = mockStateStub(env);
  return {
    get: (collection, id) => stub.recordGet(scope, collection, id) as Promise<unknown>,
    list: (collection) => stub.recordList(scope, collection) as Promise<unknown[]>,
    put: (collection, id, value, onlyIfAbsent) => stub.recordPut(scope, collection, id, value, onlyIfAbsent),
    remove: (collection, id) => stub.recordRemove(scope, collection, id),
    newId: () => crypto.randomUUID(),
  };
}
