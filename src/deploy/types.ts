/**
 * The `Deployer` contract: turn a spec into a running mock (a mock origin and an admin origin)
 * and start or stop it. Implemented locally by the Node runtime (cli/local-deployer.ts, one
 * workerd worker per mock) and reached from the MCP worker over a service binding
 * (createDeployerClient); and by the Cloudflare API (src/deploy/cloudflare, docs/decisions/0011).
 */
import type { Problem } from '../problem';

/** Where the spec comes from: its text, or a URL / file path the deployer can read. */
export type SpecSource = { kind: 'text'; text: string } | { kind: 'location'; location: string };

export interface DeployRequest {
  /** Slug name of the mock (`petstore`). */
  name: string;
  source: SpecSource;
  /** Replace a mock of the same name instead of refusing. */
  replace?: boolean;
  /** Fixed ports (the CLI's --port / --admin-port); free ports when absent. */
  port?: number;
  adminPort?: number;
  /** Admin token to use; a fresh random one when absent (Cloudflare: an update keeps the existing secret). */
  adminToken?: string;
  /** Cloudflare: a custom hostname for the mock and one for its admin API (else workers.dev and `/__mockloop`). */
  hostname?: string;
  adminHostname?: string;
  /** Cloudflare: lifetime in milliseconds; `destroy --expired` removes the mock after it. */
  ttlMs?: number;
}

export type MockStatus = 'running' | 'stopped';

/** A mock the deployer knows. `adminToken` is a secret: never log it, never return it to a client. */
export interface DeployedMock {
  name: string;
  status: MockStatus;
  /** Origin of the mock (no base path). */
  mockUrl: string;
  adminUrl: string;
  adminToken: string;
  /** The plan's base path (`/v2`), so `mockUrl + basePath` is the API root. */
  basePath: string;
  title: string;
  createdAt: number;
  /** Known to the Cloudflare deployer: the plan version served, the expiry, the last request's time and the operations. */
  planVersion?: string | null;
  expiresAt?: number | null;
  lastRequestAt?: number | null;
  operations?: number;
}

/** A step of a deploy, reported while it runs (compiling a large spec takes a while). */
export interface DeployProgress {
  stage: 'reading' | 'compiling' | 'starting' | 'installing' | 'ready';
  message: string;
  /** Steps done so far, of `total`. */
  progress: number;
  total: number;
}

export type DeployOutcome = { ok: true; mock: DeployedMock } | { ok: false; problem: Problem };

export interface Deployer {
  deploy(request: DeployRequest, onProgress?: (step: DeployProgress) => void): Promise<DeployOutcome>;
  list(): Promise<DeployedMock[]>;
  stop(name: string): Promise<DeployOutcome>;
  start(name: string): Promise<DeployOutcome>;
  /** Removes a mock and everything it owns (the Cloudflare deployer; locally stop is the end). */
  destroy?(name: string): Promise<DeployOutcome>;
}

export const DEPLOY_STEPS = 5;
