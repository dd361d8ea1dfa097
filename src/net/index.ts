/** src/net — address policy for fetches a caller asked for, and a guarded fetch for Workers. */
export { type AddressClass, type AddressPolicy, addressRefusal, classifyAddress, isLocalName, PUBLIC_ONLY } from './address';
export { type GuardedFetchOptions, guardedFetchText, urlRefusal } from './guarded-fetch';
export { readResponseCapped } from './read-capped';
