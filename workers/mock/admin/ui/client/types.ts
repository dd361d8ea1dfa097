/**
 * Shapes the admin API answers, as the page reads them: all from the admin API contract
 * (src/admin-api), the same schemas the server answers by and the OpenAPI document describes.
 */
import type { BodyOf, core, logs, ResponseOf, steering } from '../../../../../src/admin-api';
import type * as load from '../../../../../src/admin-api/routes/load';
import type * as probes from '../../../../../src/admin-api/routes/probes';
import type * as webhooks from '../../../../../src/admin-api/routes/webhooks';

export type {
  Analysis,
  Highlight,
  LogEntry,
  LogPage,
  LogSummary,
  Percentiles,
  ScenarioList,
  SearchPage,
  SessionDetail,
  SessionPage,
  Settings,
  SteeringStateView,
  StoredScenario,
  TestSession,
  ValidationResult as ScenarioValidation,
} from '../../../../../src/admin-api';
export type { ServedPlan as PlanSummary } from '../../../../../src/admin-api';

/** GET /api/debug */
export type Debug = ResponseOf<typeof logs.getDebug>;

/** GET /health */
export type Health = ResponseOf<typeof core.getHealth>;

/** A scenario as the page sends it (what GET /api/mock-data/scenarios/{name} answers adds revision and active_in). */
export type Scenario = BodyOf<typeof steering.createScenario> & { revision?: number; active_in?: string[] };

/** GET /api/webhooks */
export type WebhookList = ResponseOf<typeof webhooks.listWebhooks>;

/** GET /api/webhooks/deliveries */
export type Deliveries = ResponseOf<typeof webhooks.listDeliveries>;

/** GET /api/probes */
export type ProbeRunList = ResponseOf<typeof probes.listProbeRuns>;

/** GET /api/probes/{id} (and what POST /api/probes answers) */
export type ProbeRun = ResponseOf<typeof probes.getProbeRun>;

/** POST /api/probes */
export type ProbeRunRequest = BodyOf<typeof probes.runProbes>;

export type ProbeFinding = NonNullable<ProbeRun['result']>['findings'][number];
export type ProbeCheck = (typeof probes.PROBE_CHECKS)[number];
export type ProbeSeverity = (typeof probes.PROBE_SEVERITIES)[number];

/** GET /api/load-runs */
export type LoadRunList = ResponseOf<typeof load.listLoadRuns>;
export type LoadRunRow = LoadRunList['items'][number];

/** GET /api/load-runs/{id} (and what POST /api/load-runs/{id}/cancel answers) */
export type LoadRun = ResponseOf<typeof load.getLoadRun>;

/** POST /api/load-runs */
export type LoadRunRequest = BodyOf<typeof load.startLoadRun>;

/** What POST /api/load-runs answers (202). */
export type LoadRunStarted = ResponseOf<typeof load.startLoadRun, '202'>;
