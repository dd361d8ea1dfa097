/** A plan and the D1 migrations built into the bundle by cli/embedded-plugin.ts (null in most bundles). */
declare module 'mockloop:embedded' {
  export const EMBEDDED: { plan: import('../../src/plan').MockPlan; migrations: Array<{ name: string; sql: string }> } | null;
}
