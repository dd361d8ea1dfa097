/**
 * The mocks' ENGINE binding for a test stack, as the local deployer makes it: it forwards to a
 * test engine (cli/engine-runtime.ts) once one is attached; until then the mocks' /api/load-runs
 * answer what a stack without one answers (503 load-no-engine).
 */
import { type Request as MiniflareRequest, Response as MiniflareResponse } from 'miniflare';
import type { RunningEngine } from '../../cli/engine-runtime';
import { noEngine } from '../../cli/local-deployer';

export interface EngineBinding {
  binding(request: MiniflareRequest): Promise<MiniflareResponse>;
  attach(engine: RunningEngine | undefined): void;
}

export function engineBinding(): EngineBinding {
  let engine: RunningEngine | undefined;
  return {
    attach(next) {
      engine = next;
    },
    async binding(request) {
      if (!engine) return noEngine();
      const url = new URL(request.url);
      const contentType = request.headers.get('content-type');
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const res = await engine.fetch(url.pathname + url.search, { method: request.method, headers: contentType ? { 'content-type': contentType } : {}, body });
      return new MiniflareResponse(await res.arrayBuffer(), { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' } });
    },
  };
}
