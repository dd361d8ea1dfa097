/**
 * Every admin route, in the order the OpenAPI document lists them. Adding a route: define it in
 * one of these files, list it here, and mount its handler in workers/mock/admin; the OpenAPI
 * document and the client types follow (test/admin-contract.test.ts checks the two lists agree).
 */
import type { AdminRoute } from '../route';
import * as core from './core';
import * as journal from './journal';
import * as load from './load';
import * as logs from './logs';
import * as probes from './probes';
import * as proxy from './proxy';
import * as records from './records';
import * as retention from './retention';
import * as sessions from './sessions';
import * as steering from './steering';
import * as ui from './ui';
import * as webhooks from './webhooks';

export { core, load, logs, probes, proxy, records, retention, sessions, steering, ui };

export const ADMIN_ROUTES: readonly AdminRoute[] = [
  core.getHealth,
  ui.getAdminPage,
  ui.getAdminPageRoot,
  ui.getAdminPageView,
  core.getAdminOpenApi,
  logs.searchLogs,
  logs.analyzeLogs,
  logs.getLog,
  sessions.createSession,
  sessions.listSessions,
  sessions.getSession,
  sessions.endSession,
  logs.getTestReport,
  logs.getStats,
  retention.getRetention,
  retention.patchRetention,
  retention.purge,
  logs.getDebug,
  logs.exportLogs,
  core.listRequests,
  core.getPlan,
  core.putPlan,
  core.putSpec,
  core.getSettings,
  core.patchSettings,
  webhooks.listWebhooks,
  webhooks.fireWebhook,
  webhooks.listDeliveries,
  webhooks.clearDeliveries,
  webhooks.putEndpoint,
  webhooks.deleteEndpoint,
  webhooks.revealSecret,
  journal.getJournal,
  journal.findRequests,
  journal.countRequests,
  journal.resetJournal,
  steering.updateMockData,
  steering.putMockData,
  steering.getMockDataState,
  steering.deleteOverrides,
  steering.listScenarios,
  steering.validateScenario,
  steering.createScenario,
  steering.updateScenario,
  steering.activateScenario,
  steering.deactivateScenario,
  steering.getScenario,
  steering.putScenario,
  steering.deleteScenario,
  records.listRecordCollections,
  records.listRecords,
  records.seedRecords,
  records.clearRecords,
  records.controlServer,
  proxy.createRecording,
  proxy.promoteRecording,
  proxy.importHar,
  proxy.getDrift,
  proxy.deleteDrift,
  proxy.compareMockToLive,
  probes.runProbes,
  probes.listProbeRuns,
  probes.getProbeRun,
  probes.cancelProbeRun,
  load.startLoadRun,
  load.listLoadRuns,
  load.getLoadRun,
  load.cancelLoadRun,
  load.getLoadRunReport,
];
