/** The mock worker, the test engine worker and the D1 migrations, bundled in at build time by cli/mock-bundle-plugin.ts (null locally). */
declare module 'mockloop:mock-bundle' {
  export const MOCK_WORKER: string | null;
  export const ENGINE_WORKER: string | null;
  export const MIGRATIONS: Array<{ name: string; sql: string }>;
}
