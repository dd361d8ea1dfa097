/**
 * The first screen: traffic, error rate and latency percentiles over a time window (from
 * GET /api/logs/analyze), charts over time, where errors and slowness come from, spec coverage,
 * anomalies and recommendations; what is being served and the latest requests.
 */
import { api, query } from '../api';
import { barChart, lineChart } from '../charts';
import { type Child, h, replace } from '../dom';
import { clock, count, dateTime, ms, percent, statusClass, time } from '../format';
import { every, type Route, type ViewContext } from '../router';
import type { Analysis, LogPage, PlanSummary } from '../types';
import { errorBox, keyValues, loading, section } from '../widgets';
import { logTable } from './requests';

const WINDOWS: Array<{ id: string; label: string; ms: number | null }> = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: 'all', label: 'Everything logged', ms: null },
];

const GROUPS = ['operation', 'status', 'method', 'session'] as const;

function tile(figure: string, caption: string, tone = ''): HTMLElement {
  return h('div', { class: `tile ${tone}` }, h('div', { class: 'figure' }, figure), h('div', { class: 'caption' }, caption));
}

function logLink(label: Child, params: Record<string, string | undefined>): HTMLElement {
  return h('a', { href: `/ui/requests${query(params)}` }, label);
}

function figures(a: Analysis): HTMLElement {
  const s = a.summary;
  return h(
    'div',
    { class: 'tiles', 'data-testid': 'traffic' },
    tile(count(s.requests), 'requests'),
    tile(`${s.throughputPerSecond} /s`, 'throughput (window average)'),
    tile(percent(s.errorRate), `error rate (${count(s.errors)} ≥ 400)`, s.errorRate > 0.05 ? 'bad' : ''),
    tile(ms(s.latencyMs.p50), 'p50 latency'),
    tile(ms(s.latencyMs.p95), 'p95 latency'),
    tile(ms(s.latencyMs.p99), 'p99 latency'),
    tile(ms(s.latencyMs.max), 'max latency'),
  );
}

function charts(a: Analysis): HTMLElement | null {
  if (a.timeline.length === 0) return null;
  const label = a.window.bucketMs >= 86_400_000 ? (t: number) => new Date(t).toLocaleDateString() : clock;
  return h(
    'div',
    { class: 'columns' },
    section(
      'Requests over time',
      lineChart(
        [
          { name: 'requests', points: a.timeline.map((b) => ({ t: b.start, v: b.requests })) },
          { name: 'errors', points: a.timeline.map((b) => ({ t: b.start, v: b.errors })), tone: 'bad' },
        ],
        `Requests (blue) and errors (red) per ${a.window.bucketMs / 1000} s`,
        (v) => (v >= 10 ? String(Math.round(v)) : v.toFixed(1)),
        label,
      ),
      h('p', { class: 'muted legend' }, h('span', { class: 'swatch' }), ' requests ', h('span', { class: 'swatch bad' }), ` errors, per ${a.window.bucketMs / 1000} s`),
    ),
    section(
      'Latency over time',
      lineChart(
        [
          { name: 'average', points: a.timeline.filter((b) => b.requests > 0).map((b) => ({ t: b.start, v: b.avgLatencyMs })) },
          { name: 'max', points: a.timeline.filter((b) => b.requests > 0).map((b) => ({ t: b.start, v: b.maxLatencyMs })), tone: 'warn' },
        ],
        'Average (blue) and maximum (amber) latency per bucket',
        (v) => ms(v),
        label,
      ),
      h('p', { class: 'muted legend' }, h('span', { class: 'swatch' }), ' average ', h('span', { class: 'swatch warn' }), ' max'),
    ),
  );
}

function groupsSection(a: Analysis, ctx: ViewContext): HTMLElement {
  const select = h('select', { id: 'group-by', 'aria-label': 'Group by' }, GROUPS.map((g) => h('option', { value: g, selected: g === a.groupBy }, g)));
  select.addEventListener('change', () => {
    const q = new URLSearchParams(ctx.query);
    q.set('group_by', select.value);
    ctx.navigate(`/ui/?${q}`, { replace: true });
  });
  const filterFor = (key: string | number | null): Record<string, string | undefined> => {
    if (key === null) return {};
    if (a.groupBy === 'operation') return { operation: String(key) };
    if (a.groupBy === 'status') return { status: String(key) };
    if (a.groupBy === 'method') return { method: String(key) };
    if (a.groupBy === 'session') return { session_id: String(key) };
    return {};
  };
  return h(
    'section',
    { class: 'card' },
    h('div', { class: 'toolbar' }, h('h2', null, 'Breakdown by'), select),
    a.groups.length === 0
      ? h('p', { class: 'muted' }, 'No traffic in this window.')
      : [
          a.groupBy === 'status'
            ? barChart(
                a.groups.map((g) => ({ label: String(g.key), value: g.requests, tone: `s${Math.floor(Number(g.key) / 100)}xx` })),
                'Requests by status',
                count,
              )
            : null,
          h(
            'table',
            { class: 'groups' },
            h('thead', null, h('tr', null, [a.groupBy, 'Requests', 'Errors', 'Error rate', 'p50', 'p95', 'p99', 'max'].map((t, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : '' }, t)))),
            h(
              'tbody',
              null,
              a.groups.map((g) =>
                h(
                  'tr',
                  null,
                  h('td', null, g.key === null ? h('span', { class: 'muted' }, a.groupBy === 'operation' ? 'unmatched' : 'none') : logLink(String(g.key), filterFor(g.key))),
                  h('td', { class: 'num' }, count(g.requests)),
                  h('td', { class: 'num' }, count(g.errors)),
                  h('td', { class: 'num' }, percent(g.errorRate)),
                  h('td', { class: 'num' }, ms(g.latencyMs.p50)),
                  h('td', { class: 'num' }, ms(g.latencyMs.p95)),
                  h('td', { class: 'num' }, ms(g.latencyMs.p99)),
                  h('td', { class: 'num' }, ms(g.latencyMs.max)),
                ),
              ),
            ),
          ),
          a.more.groups > 0 ? h('p', { class: 'muted' }, `and ${count(a.more.groups)} more`) : null,
        ],
  );
}

function errorsSection(a: Analysis): HTMLElement | null {
  if (a.topErrors.length === 0) return null;
  return section(
    'Top errors',
    h(
      'table',
      { 'data-testid': 'top-errors' },
      h('thead', null, h('tr', null, ['Operation', 'Status', 'Count', 'Last seen', 'Samples'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        null,
        a.topErrors.map((e) =>
          h(
            'tr',
            null,
            h('td', null, h('span', { class: `method m-${e.method.toLowerCase()}` }, e.method), ' ', e.operationId ?? h('span', { class: 'muted' }, 'unmatched')),
            h('td', null, logLink(h('span', { class: statusClass(e.status) }, e.status), { status: String(e.status), operation: e.operationId ?? undefined, method: e.method })),
            h('td', { class: 'num' }, count(e.count)),
            h('td', { class: 'nowrap' }, dateTime(e.lastSeen)),
            h('td', null, e.sampleIds.map((id, i) => [i > 0 ? ' ' : '', h('a', { href: `/ui/requests/${encodeURIComponent(id)}` }, `#${i + 1}`)])),
          ),
        ),
      ),
    ),
    a.more.topErrors > 0 ? h('p', { class: 'muted' }, `and ${count(a.more.topErrors)} more error groups`) : null,
  );
}

function slowestSection(a: Analysis): HTMLElement | null {
  if (a.slowestOperations.length === 0) return null;
  return section(
    'Slowest operations (by p95)',
    h(
      'table',
      null,
      h('thead', null, h('tr', null, ['Operation', 'Requests', 'p50', 'p95', 'p99', 'max'].map((t, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : '' }, t)))),
      h(
        'tbody',
        null,
        a.slowestOperations.map((o) =>
          h(
            'tr',
            null,
            h('td', null, h('span', { class: `method m-${o.method.toLowerCase()}` }, o.method), ' ', o.operationId ? logLink(o.operationId, { operation: o.operationId }) : h('span', { class: 'muted' }, 'unmatched')),
            h('td', { class: 'num' }, count(o.requests)),
            h('td', { class: 'num' }, ms(o.latencyMs.p50)),
            h('td', { class: 'num' }, ms(o.latencyMs.p95)),
            h('td', { class: 'num' }, ms(o.latencyMs.p99)),
            h('td', { class: 'num' }, ms(o.latencyMs.max)),
          ),
        ),
      ),
    ),
  );
}

function coverageSection(a: Analysis): HTMLElement | null {
  const c = a.coverage;
  if (!c) return null;
  const ratio = (x: { total: number; exercised: number; ratio: number | null }) => `${x.exercised} of ${x.total} (${percent(x.ratio)})`;
  return section(
    'Spec coverage',
    keyValues([
      ['Operations exercised', ratio(c.operations)],
      ['Declared responses produced', ratio(c.responses)],
    ]),
    c.unexercisedOperations.length > 0
      ? [
          h('h3', null, 'Never called'),
          h(
            'ul',
            { class: 'plain' },
            c.unexercisedOperations.map((o) => h('li', null, h('span', { class: `method m-${o.method.toLowerCase()}` }, o.method.toUpperCase()), ' ', h('code', null, o.path), ' ', h('span', { class: 'muted' }, o.operationId))),
            c.more.unexercisedOperations > 0 ? h('li', { class: 'muted' }, `and ${c.more.unexercisedOperations} more`) : null,
          ),
        ]
      : null,
    c.unexercisedStatuses.length > 0
      ? [
          h('h3', null, 'Declared responses never produced'),
          h(
            'ul',
            { class: 'plain' },
            c.unexercisedStatuses.map((o) => h('li', null, o.operationId, ': ', o.statuses.join(', '))),
            c.more.unexercisedStatuses > 0 ? h('li', { class: 'muted' }, `and ${c.more.unexercisedStatuses} more`) : null,
          ),
        ]
      : null,
    c.undeclaredStatuses.length > 0
      ? [
          h('h3', null, 'Statuses the spec does not declare'),
          h(
            'ul',
            { class: 'plain' },
            c.undeclaredStatuses.map((o) => h('li', null, logLink(`${o.operationId} → ${o.status}`, { operation: o.operationId, status: String(o.status) }), ` (${count(o.count)})`)),
          ),
        ]
      : null,
  );
}

function insightsSection(a: Analysis): HTMLElement | null {
  if (a.anomalies.length === 0 && a.recommendations.length === 0) return null;
  return section(
    'Findings',
    a.anomalies.length > 0
      ? [h('h3', null, 'Anomalies'), h('ul', { class: 'plain', 'data-testid': 'anomalies' }, a.anomalies.map((x) => h('li', null, h('span', { class: 'pill' }, x.kind), ' ', `${time(x.start)}–${time(x.end)}: ${x.detail}`)))]
      : null,
    a.recommendations.length > 0 ? [h('h3', null, 'Recommendations'), h('ul', { 'data-testid': 'recommendations' }, a.recommendations.map((r) => h('li', null, r)))] : null,
  );
}

async function render(ctx: ViewContext): Promise<Node> {
  const windowId = WINDOWS.find((w) => w.id === ctx.query.get('window'))?.id ?? '15m';
  const groupBy = GROUPS.find((g) => g === ctx.query.get('group_by')) ?? 'operation';
  const analysis = h('div', null, loading());
  const overview = h('div', null, loading());
  const recent = h('div', null, loading());
  const total = h('span', { class: 'muted' });
  const auto = h('input', { type: 'checkbox', id: 'dashboard-live', checked: true });
  const windowSelect = h('select', { id: 'dashboard-window', 'aria-label': 'Time window' }, WINDOWS.map((w) => h('option', { value: w.id, selected: w.id === windowId }, w.label)));
  windowSelect.addEventListener('change', () => {
    const q = new URLSearchParams(ctx.query);
    q.set('window', windowSelect.value);
    ctx.navigate(`/ui/?${q}`, { replace: true });
  });

  let shownAnalysis = '';
  const loadAnalysis = async () => {
    const span = WINDOWS.find((w) => w.id === windowId)?.ms ?? null;
    const from = span === null ? undefined : new Date(Date.now() - span).toISOString();
    try {
      const a = await api<Analysis>(`/api/logs/analyze${query({ time_from: from, group_by: groupBy, top: 10 })}`, { signal: ctx.signal });
      // The window slides with the clock; redraw only when the figures themselves changed.
      const signature = JSON.stringify({ ...a, window: null, summary: { ...a.summary, throughputPerSecond: null } });
      if (signature === shownAnalysis) return;
      shownAnalysis = signature;
      replace(
        analysis,
        a.summary.requests === 0
          ? h('p', { class: 'muted empty card', 'data-testid': 'traffic' }, 'No requests in this window. Call the mock origin and the figures appear here.')
          : [figures(a), charts(a), h('div', { class: 'columns' }, errorsSection(a), slowestSection(a)), groupsSection(a, ctx), h('div', { class: 'columns' }, coverageSection(a), insightsSection(a))],
      );
    } catch (error) {
      if (!ctx.signal.aborted) replace(analysis, errorBox(error));
    }
  };
  const loadRecent = async () => {
    try {
      const page = await api<LogPage>(`/api/requests${query({ limit: 10 })}`, { signal: ctx.signal });
      total.textContent = `${count(page.total)} logged`;
      replace(recent, logTable(page.items, 'No requests logged yet.'));
    } catch (error) {
      if (!ctx.signal.aborted) replace(recent, errorBox(error));
    }
  };
  every(
    5000,
    () => {
      if (!auto.checked) return;
      void loadAnalysis();
      void loadRecent();
    },
    ctx.signal,
  );
  void loadAnalysis();
  void loadRecent();

  api<PlanSummary>('/api/plan', { signal: ctx.signal })
    .then((plan) =>
      replace(
        overview,
        keyValues([
          ['API', plan.title],
          ['Spec version', plan.specVersion],
          ['Base path', h('code', null, plan.basePath || '/')],
          ['Operations', h('a', { href: '/ui/plan' }, String(plan.operations.length))],
          ['Warnings', String(plan.warnings.length)],
          ['Plan version', h('code', null, plan.version)],
        ]),
      ),
    )
    .catch((error) => !ctx.signal.aborted && replace(overview, errorBox(error)));

  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, h('h1', null, 'Dashboard'), h('span', { class: 'spacer' }), windowSelect, h('label', { class: 'inline' }, auto, ' Live')),
    analysis,
    h(
      'div',
      { class: 'columns' },
      section('Serving', overview),
      h('section', { class: 'card' }, h('div', { class: 'toolbar' }, h('h2', null, 'Latest requests'), total, h('span', { class: 'spacer' }), h('a', { href: '/ui/requests' }, 'All requests →')), recent),
    ),
  );
}

export const dashboardRoute: Route = { pattern: /^\/ui\/?$/, section: 'dashboard', title: 'Dashboard', render };
