/** Reading the `deployments` registry of the shared D1 into `DeployedMock` values. */
import type { DeployedMock } from '../types';
import type { ApiResult, CloudflareApi } from './api';
import { query, type Rows } from './d1';
import { type DeploymentRow, LIST_DEPLOYMENTS_SQL } from './rows';
import type { Target } from './scripts';

export function toDeployedMock(row: DeploymentRow, adminToken: string): DeployedMock {
  return {
    name: row.mock,
    status: row.status,
    mockUrl: row.mockUrl,
    adminUrl: row.adminUrl,
    adminToken,
    basePath: row.basePath,
    title: row.mock,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

export type RegisteredMock = Omit<DeployedMock, 'adminToken'> & { target: Target };

/** Every deployed mock, by name, with the target it was deployed to; no admin tokens (the registry never holds them). */
export async function readDeployments(api: CloudflareApi, databaseId: string): Promise<ApiResult<RegisteredMock[]>> {
  const rows = await query(api, databaseId, 'd1 list deployments', [{ sql: `${LIST_DEPLOYMENTS_SQL} ORDER BY d.mock` }]);
  if (!rows.ok) return rows;
  return { ok: true, value: (rows.value[0] ?? []).map((row) => ({ ...fromRow(row), target: parseTargetName(String(row.target)) })) };
}

/** `workers` or `dispatch:<namespace>`, as targetName writes it. */
function parseTargetName(text: string): Target {
  return text.startsWith('dispatch:') ? { kind: 'dispatch', namespace: text.slice('dispatch:'.length) } : { kind: 'workers' };
}

function fromRow(row: Rows[number]): Omit<DeployedMock, 'adminToken'> {
  const number = (value: unknown) => (value == null ? null : Number(value));
  return {
    name: String(row.mock),
    status: row.status === 'stopped' ? 'stopped' : 'running',
    mockUrl: String(row.mock_url),
    adminUrl: String(row.admin_url),
    basePath: String(row.base_path ?? ''),
    title: row.title == null ? String(row.mock) : String(row.title),
    createdAt: Number(row.created_at),
    planVersion: row.plan_version == null ? null : String(row.plan_version),
    expiresAt: number(row.expires_at),
    lastRequestAt: number(row.last_request_at),
    operations: number(row.operation_count) ?? 0,
  };
}
