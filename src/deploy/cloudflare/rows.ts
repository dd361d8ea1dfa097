/**
 * The D1 rows a deployed mock owns, as statements for the HTTP query API: its plan (the same rows
 * src/db/plans.ts savePlan writes, so the worker's loadPlan reads them), its registry row in
 * `deployments`, and the statements that remove all of them.
 */
import type { MockPlan } from '../../plan';
import type { Statement } from './d1';

/** As src/db/plans.ts: a D1 value holds at most 2 MB. */
const CHUNK_CHARS = 512 * 1024;

/** Stores a plan version (idempotent). Becoming current is a separate step (`currentPlanStatement`), after the upload. */
export function planStatements(mock: string, plan: MockPlan, now: number): Statement[] {
  const text = JSON.stringify(plan);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) chunks.push(text.slice(i, i + CHUNK_CHARS));
  return [
    { sql: 'DELETE FROM plan_chunks WHERE mock = ?1 AND version = ?2', params: [mock, plan.version] },
    ...chunks.map((data, seq) => ({ sql: 'INSERT INTO plan_chunks (mock, version, seq, data) VALUES (?1, ?2, ?3, ?4)', params: [mock, plan.version, String(seq), data] })),
    {
      sql:
        'INSERT INTO plans (mock, version, title, spec_version, operation_count, warning_count, size, chunk_count, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ' +
        'ON CONFLICT (mock, version) DO UPDATE SET chunk_count = excluded.chunk_count, created_at = excluded.created_at',
      params: [mock, plan.version, plan.title, plan.specVersion, String(plan.operations.length), String(plan.warnings.length), String(text.length), String(chunks.length), String(now)],
    },
  ];
}

export function currentPlanStatement(mock: string, version: string, now: number): Statement {
  return {
    sql: 'INSERT INTO mocks (name, current_version, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE SET current_version = excluded.current_version, updated_at = excluded.updated_at',
    params: [mock, version, String(now)],
  };
}

export interface DeploymentRow {
  mock: string;
  target: string;
  mockUrl: string;
  adminUrl: string;
  basePath: string;
  hostnames: string[];
  status: 'running' | 'stopped';
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
}

export function upsertDeploymentStatement(row: DeploymentRow): Statement {
  return {
    sql:
      'INSERT INTO deployments (mock, target, mock_url, admin_url, base_path, hostnames, status, created_at, updated_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULLIF(?10, \'\')) ' +
      'ON CONFLICT (mock) DO UPDATE SET target = excluded.target, mock_url = excluded.mock_url, admin_url = excluded.admin_url, base_path = excluded.base_path, hostnames = excluded.hostnames, ' +
      'status = excluded.status, updated_at = excluded.updated_at, expires_at = excluded.expires_at',
    params: [
      row.mock,
      row.target,
      row.mockUrl,
      row.adminUrl,
      row.basePath,
      JSON.stringify(row.hostnames),
      row.status,
      String(row.createdAt),
      String(row.updatedAt),
      row.expiresAt === null ? '' : String(row.expiresAt),
    ],
  };
}

export function setStatusStatement(mock: string, status: 'running' | 'stopped', now: number): Statement {
  return { sql: 'UPDATE deployments SET status = ?2, updated_at = ?3 WHERE mock = ?1', params: [mock, status, String(now)] };
}

/** The registry joined with what the mock serves and when it last answered. */
export const LIST_DEPLOYMENTS_SQL =
  'SELECT d.mock, d.target, d.mock_url, d.admin_url, d.base_path, d.hostnames, d.status, d.created_at, d.updated_at, d.expires_at, ' +
  'm.current_version AS plan_version, p.title, p.operation_count, ' +
  '(SELECT MAX(r.ts) FROM request_logs r WHERE r.mock = d.mock) AS last_request_at ' +
  'FROM deployments d LEFT JOIN mocks m ON m.name = d.mock LEFT JOIN plans p ON p.mock = d.mock AND p.version = m.current_version';

/** Every row of the mock in every table (log_texts is content-addressed and shared: it stays). */
export function deleteMockStatements(mock: string): Statement[] {
  return ['request_logs', 'test_sessions', 'plan_chunks', 'plans'].map((table) => ({ sql: `DELETE FROM ${table} WHERE mock = ?1`, params: [mock] })).concat([
    { sql: 'DELETE FROM mocks WHERE name = ?1', params: [mock] },
    { sql: 'DELETE FROM deployments WHERE mock = ?1', params: [mock] },
  ]);
}
