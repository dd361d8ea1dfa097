/** The tools that reach a running mock's admin API to read its logs, steer it and run test sessions. */
import type { ToolDefinition } from '../tool';
import type { ToolDeps } from './deps';
import { getPerformanceMetrics, queryMockLogs } from './logs';
import { proxyTools } from './proxy';
import { purgeMockData } from './purge';
import { deployScenario, listActiveScenarios, manageMockData, switchScenario, validateScenarioConfig } from './scenarios';
import { createTestSession, endTestSession, generateTestReport } from './sessions';
import { fireWebhook, listWebhookDeliveries } from './webhooks';

export function steeringTools(deps: ToolDeps): ToolDefinition[] {
  return [
    queryMockLogs(deps),
    getPerformanceMetrics(deps),
    manageMockData(deps),
    validateScenarioConfig(deps),
    deployScenario(deps),
    switchScenario(deps),
    listActiveScenarios(deps),
    createTestSession(deps),
    endTestSession(deps),
    generateTestReport(deps),
    fireWebhook(deps),
    listWebhookDeliveries(deps),
    purgeMockData(deps),
    ...proxyTools(deps),
  ] as ToolDefinition[];
}
