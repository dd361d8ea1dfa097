/**
 * Storing and loading MockPlans. A plan is split into chunks because D1 caps a single value at
 * 2 MB and the plans of large specs (Kubernetes, Stripe) are bigger than that.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { MockPlan } from '../plan/types';
import { mocks, planChunks, plans } from './schema';

const CHUNK_CHARS = 512 * 1024;

export interface StoredPlanInfo {
  mock: string;
  version: string;
  title: string;
  specVersion: string;
  operationCount: number;
  warningCount: number;
  size: number;
  createdAt: number;
}

/**
 * Stores a plan version (idempotent: the same version twice is a no-op for the chunks) and makes
 * it the mock's current one. Logs are never touched.
 */
export async function savePlan(db: D1Database, mock: string, plan: MockPlan, now: number): Promise<StoredPlanInfo> {
  const orm = drizzle(db);
  const text = JSON.stringify(plan);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
  const info: StoredPlanInfo = {
    mock,
    version: plan.version,
    title: plan.title,
    specVersion: plan.specVersion,
    operationCount: plan.operations.length,
    warningCount: plan.warnings.length,
    size: text.length,
    createdAt: now,
  };
  // One batch: either the whole version lands and becomes current, or nothing changes.
  await orm.batch([
    orm.delete(planChunks).where(and(eq(planChunks.mock, mock), eq(planChunks.version, plan.version))),
    ...chunks.map((data, seq) => orm.insert(planChunks).values({ mock, version: plan.version, seq, data })),
    orm
      .insert(plans)
      .values({ ...info, chunkCount: chunks.length })
      .onConflictDoUpdate({ target: [plans.mock, plans.version], set: { chunkCount: chunks.length, createdAt: now } }),
    orm
      .insert(mocks)
      .values({ name: mock, currentVersion: plan.version, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: mocks.name, set: { currentVersion: plan.version, updatedAt: now } }),
  ]);
  return info;
}

/** The version a mock currently serves, or null for an unknown mock. */
export async function currentPlanVersion(db: D1Database, mock: string): Promise<string | null> {
  const row = await drizzle(db).select({ v: mocks.currentVersion }).from(mocks).where(eq(mocks.name, mock)).get();
  return row?.v ?? null;
}

export async function loadPlan(db: D1Database, mock: string, version: string): Promise<MockPlan | null> {
  const rows = await drizzle(db)
    .select({ data: planChunks.data })
    .from(planChunks)
    .where(and(eq(planChunks.mock, mock), eq(planChunks.version, version)))
    .orderBy(asc(planChunks.seq))
    .all();
  if (rows.length === 0) return null;
  // SAFETY: chunks are only written by savePlan from a MockPlan serialised with JSON.stringify.
  return JSON.parse(rows.map((r) => r.data).join('')) as MockPlan;
}

export async function listPlanVersions(db: D1Database, mock: string): Promise<StoredPlanInfo[]> {
  return drizzle(db)
    .select({
      mock: plans.mock,
      version: plans.version,
      title: plans.title,
      specVersion: plans.specVersion,
      operationCount: plans.operationCount,
      warningCount: plans.warningCount,
      size: plans.size,
      createdAt: plans.createdAt,
    })
    .from(plans)
    .where(eq(plans.mock, mock))
    .orderBy(desc(plans.createdAt))
    .all();
}
