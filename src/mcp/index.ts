export { createMockloopServer, type CreateServerOptions, mockloopTools, SERVER_INFO } from './server';
export { createAdminClient, type AdminClient, type AdminTarget } from './admin-client';
export type { AuditEntry, AuditLog, AuditPage, AuditQuery, Caller, StoredAuditEntry } from './audit';
export { auditQuerySchema } from './audit';
export type { ContextStore } from './contexts/model';
export type { ToolDeps } from './tools/deps';
export { errorResult } from './register';
