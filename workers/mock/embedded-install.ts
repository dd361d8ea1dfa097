/**
 * A bundle deployed by `wrangler deploy` alone (the top-level wrangler.toml, `mockloop wrangler`)
 * carries its plan and the D1 migrations. MockState installs them once per plan version, before
 * it serves its first snapshot: the schema as wrangler would migrate it, then the plan rows.
 */
import { EMBEDDED } from 'mockloop:embedded';
import { applyMigrationFiles, type D1Like } from '../../src/db/migrate';
import { loadPlan, savePlan } from '../../src/db/plans';

/** The plan version this bundle carries, if any. */
export const EMBEDDED_PLAN_VERSION: string | undefined = EMBEDDED?.plan.version;

export async function installEmbedded(env: { DB: D1Database; MOCK_ID: string }): Promise<void> {
  if (!EMBEDDED) return;
  try {
    // SAFETY: the D1 binding has every method D1Like names.
    await applyMigrationFiles(env.DB as unknown as D1Like, EMBEDDED.migrations);
  } catch (error) {
    // Two mocks migrating the shared database at once: the loser's statements fail; the winner's stand.
    console.warn('mockloop: embedded migrations', error);
  }
  if ((await loadPlan(env.DB, env.MOCK_ID, EMBEDDED.plan.version)) === null) await savePlan(env.DB, env.MOCK_ID, EMBEDDED.plan, Date.now());
}
