/** The programmatic API's types: what startMock takes and the handle it gives back. */
import type { z } from 'zod';
import type { LogSummary } from '../../src/logs/summary';
import type { scenarioSchema, updateSchema } from '../../src/scenarios';

/** A scenario as the admin API takes it (`POST /api/mock-data/scenarios`). */
export type ScenarioDefinition = z.input<typeof scenarioSchema>;

/** An override as the admin API takes it (`POST /api/mock-data/update`): one operation, what it answers now. */
export type OverrideRule = z.input<typeof updateSchema>;

/** One logged request, newest first (the admin log search's summary). */
export type LoggedRequest = LogSummary;

export interface StartMockOptions {
  /**
   * The OpenAPI 3.x / Swagger 2.0 description: a file path or http(s) URL; the document's text
   * (YAML or JSON, recognised by a line break); or the document as an object.
   */
  spec: string | Record<string, unknown>;
  /** Port of the mock origin (default: a free one). */
  port?: number;
  /** Port of the admin origin (default: a free one). */
  adminPort?: number;
  /** A scenario stored and activated before startMock resolves. */
  scenario?: ScenarioDefinition;
  /** The mock's name (default: `mock`). */
  name?: string;
  /** Admin API bearer token (default: a new random one). */
  adminToken?: string;
  /** Validate requests against the spec (default true). */
  validateRequests?: boolean;
  /** Require the spec's credentials (default true). */
  enforceSecurity?: boolean;
  /** Stateful CRUD (default false). */
  stateful?: boolean;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
}

/** Filters of the admin log search (`GET /api/logs/search`). */
export interface RequestFilter {
  method?: string | string[];
  /** `404`, `4xx`, `500-504`, or a list. */
  status?: number | string | Array<number | string>;
  /** An operationId. */
  operation?: string;
  /** A path glob: `/v1/books/*`. */
  path?: string;
  /** Text in path, query and bodies. */
  text?: string;
  sessionId?: string;
  correlationId?: string;
  /** At most this many, newest first (default 200, at most 1,000). */
  limit?: number;
}

export interface RunningMock {
  /** Base URL of the mocked API: origin + the spec's base path (`http://127.0.0.1:41234/v1`). */
  url: string;
  /** The admin origin (`/api/…`, the admin page). */
  adminUrl: string;
  /** Bearer token of the admin API. */
  token: string;
  name: string;
  /** The logged requests that match, newest first; waits for log writes still in flight. */
  requests(filter?: RequestFilter): Promise<LoggedRequest[]>;
  /** Activates a stored scenario by name, stores and activates a definition, or (null) deactivates. */
  setScenario(scenario: string | ScenarioDefinition | null): Promise<void>;
  /** Makes one operation answer differently from now on (replaces its earlier override). */
  override(rule: OverrideRule): Promise<void>;
  /** Drops overrides, scenario activations, stored records and the request log (scenario definitions stay). */
  reset(): Promise<void>;
  /** Stops the mock's worker. */
  close(): Promise<void>;
}
