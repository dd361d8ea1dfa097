/**
 * One load run: live figures and charts while it goes (GET /api/load-runs/{id} about once a
 * second, until it ends or the view is left), cancel, threshold verdicts, per-operation figures,
 * and its reports (HTML in a sandboxed frame or downloaded; JSON; JUnit XML). The charts are drawn
 * here from the summary's per-second series.
 */
import { api } from '../api';
import { lineChart } from '../charts';
import { h, replace } from '../dom';
import { download, htmlBlobUrl } from '../download';
import { count, dateTime, ms, percent } from '../format';
import { every, type Route, type ViewContext } from '../router';
import type { LoadRun } from '../types';
import { button, errorBox, keyValues, section } from '../widgets';
import { isNoEngine, loadStatusPill, noEngine, RUNNING } from './load';

const POLL_MS = 1000;
type Summary = LoadRun['summary'];
type Point = Summary['series'][number];

const seconds = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
const perSecond = (v: number) => (v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));

function tile(figure: string, caption: string, tone = ''): HTMLElement {
  return h('div', { class: `tile ${tone}` }, h('div', { class: 'figure' }, figure), h('div', { class: 'caption' }, caption));
}

function figures(run: LoadRun): HTMLElement {
  const m = run.summary.metrics;
  const d = m.http_req_duration.values;
  const failed = m.http_req_failed.values.rate;
  return h(
    'div',
    null,
    h('progress', { max: 100, value: run.progress, class: 'load-progress', 'aria-label': 'Progress' }),
    h(
      'div',
      { class: 'tiles', 'data-testid': 'load-figures' },
      tile(seconds(run.elapsedMs ?? run.summary.state.testRunDurationMs), 'elapsed'),
      tile(`${run.progress}%`, 'progress'),
      tile(count(m.http_reqs.values.count), 'requests'),
      tile(`${perSecond(m.http_reqs.values.rate)} /s`, 'achieved rate'),
      tile(ms(d.med), 'p50 latency'),
      tile(ms(d['p(95)']), 'p95 latency'),
      tile(ms(d['p(99)']), 'p99 latency'),
      tile(percent(failed), `failed (${count(m.http_req_failed.values.passes)})`, failed > 0 ? 'bad' : ''),
      tile(count(m.dropped_iterations.values.count), 'dropped', m.dropped_iterations.values.count > 0 ? 'bad' : ''),
    ),
  );
}

function legend(...items: Array<[string, string]>): HTMLElement {
  return h(
    'p',
    { class: 'muted legend' },
    items.map(([tone, label]) => [h('span', { class: `swatch ${tone}` }), ` ${label} `]),
  );
}

function charts(series: readonly Point[]): HTMLElement {
  if (series.length === 0) return h('p', { class: 'muted empty' }, 'No complete second yet.');
  const at = (t: number) => `${t} s`;
  const line = (name: string, v: (p: Point) => number, tone?: string) => ({ name, tone, points: series.map((p) => ({ t: p.t, v: v(p) })) });
  return h(
    'div',
    { class: 'columns', 'data-testid': 'load-charts' },
    section('Latency per second', lineChart([line('p50', (p) => p.p50), line('p95', (p) => p.p95, 'warn')], 'Latency per second: p50 (blue) and p95 (amber)', ms, at), legend(['', 'p50'], ['warn', 'p95'])),
    section('Throughput', lineChart([line('requests', (p) => p.reqs)], 'Requests per second', perSecond, at, 1), legend(['', 'requests per second'])),
    section('Errors', lineChart([line('failed', (p) => p.failed, 'bad'), line('dropped', (p) => p.dropped, 'warn')], 'Failed (red) and dropped (amber) requests per second', perSecond, at, 1), legend(['bad', 'failed'], ['warn', 'dropped'])),
  );
}

function thresholds(results: Summary['thresholds']): HTMLElement {
  if (results.length === 0) return h('p', { class: 'muted' }, 'No thresholds were set.');
  return h(
    'table',
    { class: 'load-thresholds' },
    h('thead', null, h('tr', null, ['Threshold', 'Measured', 'Result'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      results.map((t) =>
        h(
          'tr',
          null,
          h('td', null, h('code', null, t.threshold)),
          h('td', { class: 'num' }, t.metric === 'http_req_duration' ? ms(t.actual) : String(t.actual)),
          h('td', null, t.ok ? h('span', { class: 'ok' }, '✓ passed') : h('span', { class: 'error-text' }, '✗ failed')),
        ),
      ),
    ),
  );
}

function operations(ops: Summary['operations']): HTMLElement | null {
  const rows = Object.entries(ops).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return null;
  return section(
    'Operations',
    h(
      'table',
      { class: 'load-operations' },
      h('thead', null, h('tr', null, ['Operation', 'Requests', 'p50', 'p95', 'max', 'Failed'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        null,
        rows.map(([name, m]) =>
          h(
            'tr',
            null,
            h('td', null, h('code', null, name)),
            h('td', { class: 'num' }, count(m.http_reqs.values.count)),
            h('td', { class: 'num' }, ms(m.http_req_duration.values.med)),
            h('td', { class: 'num' }, ms(m.http_req_duration.values['p(95)'])),
            h('td', { class: 'num' }, ms(m.http_req_duration.values.max)),
            h('td', { class: 'num' }, percent(m.http_req_failed.values.rate)),
          ),
        ),
      ),
    ),
  );
}

/** The run's reports from GET /api/load-runs/{id}/report: the token goes in a header, so these are fetched, not plain links. */
function reports(id: string, out: HTMLElement): HTMLElement {
  const path = (format: string) => `/api/load-runs/${encodeURIComponent(id)}/report?format=${format}`;
  const frame = h('div', { class: 'report-frame' });
  const save = (format: string, ext: string) => async () => {
    try {
      await download(path(format), `load-${id}.${ext}`);
    } catch (error) {
      replace(out, errorBox(error));
    }
  };
  const toggle = button('Show HTML report', async () => {
    if (frame.firstChild) {
      frame.replaceChildren();
      toggle.textContent = 'Show HTML report';
      return;
    }
    try {
      // No scripts, no same-origin access: the report is a document to read.
      replace(frame, h('iframe', { src: await htmlBlobUrl(path('html')), sandbox: '', title: 'Load run report', 'data-testid': 'load-report' }));
      toggle.textContent = 'Hide HTML report';
    } catch (error) {
      replace(out, errorBox(error));
    }
  });
  return h('div', null, h('p', { class: 'buttons' }, toggle, button('Download HTML', save('html', 'html')), button('JSON', save('json', 'json')), button('JUnit XML', save('junit', 'xml'))), frame);
}

async function render(ctx: ViewContext): Promise<Node> {
  const id = ctx.params[0];
  const runPath = `/api/load-runs/${encodeURIComponent(id)}`;
  const back = h('a', { href: '/ui/load', class: 'back' }, '← All load runs');
  let run: LoadRun;
  try {
    run = await api<LoadRun>(runPath, { signal: ctx.signal });
  } catch (error) {
    if (isNoEngine(error)) return h('div', null, back, noEngine(error));
    return h('div', null, back, errorBox(error));
  }
  const pill = h('span');
  const out = h('div', { 'aria-live': 'polite' });
  const about = h('div');
  const live = h('div', { 'aria-live': 'off' });
  const report = h('div');
  const cancel = button(
    'Cancel',
    async () => {
      cancel.disabled = true;
      try {
        update(await api<LoadRun>(`${runPath}/cancel`, { method: 'POST' }));
      } catch (error) {
        cancel.disabled = false;
        replace(out, errorBox(error));
      }
    },
    { class: 'danger' },
  );

  function update(next: LoadRun): void {
    run = next;
    const running = RUNNING.has(run.status);
    replace(pill, loadStatusPill(run.status));
    cancel.hidden = !running;
    replace(
      about,
      keyValues([
        ['Id', h('code', null, run.id)],
        ['Target', h('code', null, run.target)],
        ['Started', dateTime(run.startedAt)],
        ['Finished', run.finishedAt === null ? null : dateTime(run.finishedAt)],
        ['Shards', count(run.summary.state.shards)],
        ['Reason', run.reason],
      ]),
    );
    // While it runs, the current second is still filling: chart complete seconds only.
    const done = Math.floor((run.elapsedMs ?? run.summary.state.testRunDurationMs) / 1000);
    const series = running ? run.summary.series.filter((p) => p.t < done) : run.summary.series;
    replace(live, figures(run), charts(series), section('Thresholds', thresholds(run.summary.thresholds)), operations(run.summary.operations));
    if (!running && !report.firstChild) replace(report, section('Reports', reports(run.id, out)));
  }

  update(run);
  let busy = false;
  every(
    POLL_MS,
    () => {
      if (busy || !RUNNING.has(run.status)) return;
      busy = true;
      api<LoadRun>(runPath, { signal: ctx.signal })
        .then(update, (error: unknown) => ctx.signal.aborted || replace(out, errorBox(error)))
        .finally(() => {
          busy = false;
        });
    },
    ctx.signal,
  );
  return h('div', { 'data-testid': 'load-run' }, back, h('div', { class: 'toolbar' }, h('h1', null, `Load run ${dateTime(run.startedAt)}`), pill, cancel), out, live, report, section('Run', about));
}

export const loadRunRoute: Route = { pattern: /^\/ui\/load\/([0-9A-Za-z]+)$/, section: 'load', title: 'Load run', render };
