/**
 * Load: runs of the stack's test engine against this mock (/api/load-runs, issue 9) — start one,
 * list them with their headline figures; each opens on its live page (views/load-run.ts).
 * Without an engine bound to the mock the view says how to get one instead.
 */
import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import { count, dateTime, ms, percent } from '../format';
import { every, type Route, type ViewContext } from '../router';
import type { LoadRunList, LoadRunRow } from '../types';
import { errorBox, section } from '../widgets';
import { loadRunForm } from './load-form';
import { duration } from './sessions';

export const RUNNING = new Set(['running', 'queued']);
const POLL_MS = 1000;

export function loadStatusPill(status: string): HTMLElement {
  return h('span', { class: `pill load-${status}` }, status);
}

/** `20/s`, `5 VUs`, `0→200/s (3 stages)`. */
export function loadLevel(run: Pick<LoadRunRow, 'model' | 'start' | 'stages'>): string {
  if (run.model === undefined || run.start === undefined) return '–';
  const unit = (n: number) => (run.model === 'closed' ? `${count(n)} VU${n === 1 ? '' : 's'}` : `${count(n)}/s`);
  if (!run.stages?.length) return unit(run.start);
  const peak = Math.max(run.start, ...run.stages.map((s) => s.target));
  return `${count(run.start)}→${unit(peak)} (${run.stages.length} stage${run.stages.length === 1 ? '' : 's'})`;
}

function thresholdCounts(results: ReadonlyArray<{ ok: boolean }> | undefined): HTMLElement {
  if (!results?.length) return h('span', { class: 'muted' }, 'none');
  const failed = results.filter((t) => !t.ok).length;
  return h('span', null, `${results.length - failed} passed`, failed > 0 ? h('span', { class: 'error-text' }, ` · ${failed} failed`) : null);
}

function runTable(items: readonly LoadRunRow[]): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted empty' }, 'No load runs yet. Start one below.');
  return h(
    'table',
    { class: 'load-runs' },
    h('thead', null, h('tr', null, ['Started', 'Status', 'Load', 'Duration', 'Requests', 'p95', 'Failed', 'Thresholds'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((run) => {
        const s = run.summary;
        const started = run.startedAt ?? run.createdAt;
        return h(
          'tr',
          { 'data-id': run.id },
          h('td', { class: 'nowrap' }, h('a', { href: `/ui/load/${encodeURIComponent(run.id)}` }, dateTime(started))),
          h('td', null, loadStatusPill(run.status)),
          h('td', { class: 'nowrap' }, loadLevel(run)),
          h('td', { class: 'num' }, run.finishedAt ? duration(run.finishedAt - started) : run.durationMs ? duration(run.durationMs) : '–'),
          h('td', { class: 'num' }, s ? count(s.http_reqs.count) : '–'),
          h('td', { class: 'num' }, s ? ms(s.http_req_duration['p(95)']) : '–'),
          h('td', { class: 'num' }, s ? percent(s.http_req_failed) : '–'),
          h('td', null, s ? thresholdCounts(s.thresholds) : RUNNING.has(run.status) ? h('span', { class: 'muted' }, 'running') : '–'),
        );
      }),
    ),
  );
}

/** What the page says when the API answers 503 load-no-engine: how to get an engine, not an error. */
export function noEngine(error: ApiError): HTMLElement {
  return h(
    'div',
    { class: 'card', 'data-testid': 'load-no-engine' },
    h('h2', null, 'No test engine is bound to this mock'),
    h(
      'p',
      null,
      'Load runs are sent by the stack’s test engine, which runs locally with the MCP server: ',
      h('code', null, 'npx mockloop mock <spec>'),
      ' starts it unless ',
      h('code', null, '--no-mcp'),
      ' is given; a second mock started in the same folder starts one only with ',
      h('code', null, '--mcp-port <port>'),
      ' (see “Load testing” in the README). Deployed, bind ',
      h('code', null, 'ENGINE'),
      ' to the engine worker and set ',
      h('code', null, 'MOCK_TARGET_ORIGIN'),
      '.',
    ),
    error.problem?.detail ? h('p', { class: 'muted' }, error.problem.detail) : null,
  );
}

export function isNoEngine(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 503 && (error.problem?.type ?? '').endsWith('/load-no-engine');
}

async function render(ctx: ViewContext): Promise<Node> {
  const title = h('h1', null, 'Load runs');
  const intro = h(
    'p',
    { class: 'muted' },
    'Requests synthesised from the served spec, sent to this mock by the test engine at a rate (open model) or by virtual users (closed model); each run is a test session of its own in the log. CLI: ',
    h('code', null, 'npx mockloop load <mock> --rate 50/s --duration 10s'),
    '.',
  );
  let runs: LoadRunList;
  try {
    runs = await api<LoadRunList>('/api/load-runs?limit=50', { signal: ctx.signal });
  } catch (error) {
    if (isNoEngine(error)) return h('div', null, title, noEngine(error));
    throw error;
  }
  const list = h('div', null, runTable(runs.items));
  const listError = h('div');
  let hasRunning = runs.items.some((run) => RUNNING.has(run.status));
  let busy = false;
  every(
    POLL_MS,
    () => {
      if (!hasRunning || busy) return;
      busy = true;
      api<LoadRunList>('/api/load-runs?limit=50', { signal: ctx.signal })
        .then(
          (next) => {
            hasRunning = next.items.some((run) => RUNNING.has(run.status));
            replace(list, runTable(next.items));
            replace(listError);
          },
          (error: unknown) => ctx.signal.aborted || replace(listError, errorBox(error)),
        )
        .finally(() => {
          busy = false;
        });
    },
    ctx.signal,
  );
  const form = loadRunForm((id) => ctx.navigate(`/ui/load/${encodeURIComponent(id)}`));
  return h('div', null, title, intro, section('Runs', listError, list), section('Start a run', form));
}

export const loadRoute: Route = { pattern: /^\/ui\/load\/?$/, section: 'load', title: 'Load', render };
