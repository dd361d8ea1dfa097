/** `mockloop:embedded` for code imported by tests in Node: no plan is built in (see cli/embedded-plugin.ts). */
export const EMBEDDED = null;
