/**
 * The test engine's run registry (load runs, test-plan runs, probe runs). A run row is written
 * when the run is accepted, updated as it goes, and its whole result document is stored in chunks
 * when it ends (D1 caps one value at 2 MB; a statement should stay well under 100 KB).
 */
import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { testRunChunks, testRuns } from './schema';

const CHUNK_CHARS = 64 * 1024;

export type TestRunKind = 'load' | 'plan' | 'probe';
export type TestRunStatus = 'queued' | 'running' | 'passed' | 'failed' | 'cancelled' | 'error';

export interface TestRunRow {
  id: string;
  kind: TestRunKind;
  mock: string | null;
  target: string;
  status: TestRunStatus;
  options: unknown;
  summary: unknown;
  scheduleId: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  reason: string | null;
}

export interface NewTestRun {
  id: string;
  kind: TestRunKind;
  mock: string | null;
  target: string;
  options: unknown;
  scheduleId?: string | null;
  createdAt: number;
}

type Row = typeof testRuns.$inferSelect;

function fromRow(row: Row): TestRunRow {
  return {
    ...row,
    // SAFETY: kind and status are only written from the unions above.
    kind: row.kind as TestRunKind,
    status: row.status as TestRunStatus,
    options: JSON.parse(row.options),
    summary: row.summary === null ? null : JSON.parse(row.summary),
  };
}

export async function insertTestRun(db: D1Database, run: NewTestRun): Promise<void> {
  await drizzle(db)
    .insert(testRuns)
    .values({
      id: run.id,
      kind: run.kind,
      mock: run.mock,
      target: run.target,
      status: 'queued',
      options: JSON.stringify(run.options),
      scheduleId: run.scheduleId ?? null,
      createdAt: run.createdAt,
    });
}

export interface TestRunUpdate {
  status?: TestRunStatus;
  summary?: unknown;
  startedAt?: number;
  finishedAt?: number;
  reason?: string | null;
}

export async function updateTestRun(db: D1Database, id: string, update: TestRunUpdate): Promise<void> {
  const set: Partial<Row> = {};
  if (update.status !== undefined) set.status = update.status;
  if (update.summary !== undefined) set.summary = JSON.stringify(update.summary);
  if (update.startedAt !== undefined) set.startedAt = update.startedAt;
  if (update.finishedAt !== undefined) set.finishedAt = update.finishedAt;
  if (update.reason !== undefined) set.reason = update.reason;
  if (Object.keys(set).length === 0) return;
  await drizzle(db).update(testRuns).set(set).where(eq(testRuns.id, id));
}

export async function getTestRun(db: D1Database, id: string): Promise<TestRunRow | null> {
  const row = await drizzle(db).select().from(testRuns).where(eq(testRuns.id, id)).get();
  return row ? fromRow(row) : null;
}

export interface TestRunQuery {
  kind?: TestRunKind;
  mock?: string;
  scheduleId?: string;
  /** Newest first; page with the id of the last row seen. */
  before?: string;
  limit: number;
}

export async function listTestRuns(db: D1Database, query: TestRunQuery): Promise<TestRunRow[]> {
  const where: SQL[] = [];
  if (query.kind) where.push(eq(testRuns.kind, query.kind));
  if (query.mock) where.push(eq(testRuns.mock, query.mock));
  if (query.scheduleId) where.push(eq(testRuns.scheduleId, query.scheduleId));
  if (query.before) where.push(lt(testRuns.id, query.before));
  const rows = await drizzle(db)
    .select()
    .from(testRuns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(testRuns.id))
    .limit(query.limit)
    .all();
  return rows.map(fromRow);
}

/** Stores a run's whole result document, replacing any earlier one (idempotent). */
export async function saveTestRunResult(db: D1Database, id: string, result: unknown): Promise<void> {
  const orm = drizzle(db);
  const text = JSON.stringify(result);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
  await orm.batch([
    orm.delete(testRunChunks).where(eq(testRunChunks.runId, id)),
    ...chunks.map((data, seq) => orm.insert(testRunChunks).values({ runId: id, seq, data })),
  ]);
}

export async function loadTestRunResult(db: D1Database, id: string): Promise<unknown | null> {
  const rows = await drizzle(db)
    .select({ data: testRunChunks.data })
    .from(testRunChunks)
    .where(eq(testRunChunks.runId, id))
    .orderBy(asc(testRunChunks.seq))
    .all();
  if (rows.length === 0) return null;
  return JSON.parse(rows.map((r) => r.data).join(''));
}

export async function deleteTestRun(db: D1Database, id: string): Promise<void> {
  const orm = drizzle(db);
  await orm.batch([orm.delete(testRunChunks).where(eq(testRunChunks.runId, id)), orm.delete(testRuns).where(eq(testRuns.id, id))]);
}
