/** The request log: the log search's filters, newest first, paged, refreshed live while on screen. */
import { ApiError, api, query } from '../api';
import { type Child, h, replace } from '../dom';
import { download } from '../download';
import { count, ms, statusClass, time } from '../format';
import { filterForm, hasFilters, searchParams } from '../log-filters';
import { every, type Route, type ViewContext } from '../router';
import type { Highlight, LogSummary, PlanSummary, SearchPage } from '../types';
import { errorBox, loading } from '../widgets';

const PAGE = 50;

/** The columns every log table shows; search rows add where they matched. */
export type LogRow = Pick<LogSummary, 'id' | 'ts' | 'method' | 'path' | 'query' | 'operationId' | 'status' | 'latencyMs' | 'sessionId'> & { highlights?: Highlight[] };

const FIELD_LABEL: Record<Highlight['field'], string> = { path: 'path', query: 'query', requestBody: 'request', responseBody: 'response' };

function marked(hl: Highlight): HTMLElement {
  const { fragment, start, length } = hl;
  return h(
    'div',
    { class: 'highlight' },
    h('span', { class: 'muted' }, `${FIELD_LABEL[hl.field]}: `),
    fragment.slice(0, start),
    h('mark', null, fragment.slice(start, start + length)),
    fragment.slice(start + length),
  );
}

/** `text` with the first occurrence of a highlight's match marked (the API marks the first one too). */
function markedIn(text: string, hl: Highlight | undefined): Child[] {
  if (!hl) return [text];
  const needle = hl.fragment.slice(hl.start, hl.start + hl.length);
  const at = text.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0 || needle === '') return [text];
  return [text.slice(0, at), h('mark', null, text.slice(at, at + needle.length)), text.slice(at + needle.length)];
}

function target(r: LogRow): Child[] {
  const byField = (field: Highlight['field']) => r.highlights?.find((hl) => hl.field === field);
  return [...markedIn(r.path, byField('path')), ...(r.query ? ['?', ...markedIn(r.query, byField('query'))] : [])];
}

export function logTable(items: readonly LogRow[], empty: string): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted empty' }, empty);
  return h(
    'table',
    { class: 'log' },
    h('thead', null, h('tr', null, ['Time', 'Method', 'Path', 'Status', 'Latency', 'Operation', 'Session'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((r) =>
        h(
          'tr',
          { 'data-id': r.id },
          h('td', { class: 'nowrap', title: new Date(r.ts).toISOString() }, time(r.ts)),
          h('td', null, h('span', { class: `method m-${r.method.toLowerCase()}` }, r.method)),
          h(
            'td',
            { class: 'path' },
            h('a', { href: `/ui/requests/${encodeURIComponent(r.id)}` }, target(r)),
            (r.highlights ?? []).filter((hl) => hl.field !== 'path' && hl.field !== 'query').map(marked),
          ),
          h('td', null, h('span', { class: statusClass(r.status) }, r.status)),
          h('td', { class: 'num' }, ms(r.latencyMs)),
          h('td', null, r.operationId ?? h('span', { class: 'muted' }, 'unmatched')),
          h('td', null, r.sessionId ? h('a', { href: `/ui/requests${query({ session_id: r.sessionId })}` }, r.sessionId) : ''),
        ),
      ),
    ),
  );
}

async function render(ctx: ViewContext): Promise<Node> {
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const results = h('div', { class: 'results' }, loading());
  const summary = h('span', { class: 'muted', 'data-testid': 'log-total' });
  const auto = h('input', { type: 'checkbox', id: 'auto-refresh', checked: offset === 0 });
  const filtered = hasFilters(ctx.query);

  const filters = filterForm(ctx.query, (q) => ctx.navigate(`/ui/requests${q.size > 0 ? `?${q}` : ''}`));
  api<PlanSummary>('/api/plan', { signal: ctx.signal })
    .then((plan) => filters.setOperations(plan.operations.map((op) => op.id)))
    .catch(() => undefined); // No plan yet: the operation filter offers none.

  // Live refreshes leave the table alone when nothing changed, so a selection or hover survives.
  let shown = '';
  const load = async () => {
    try {
      const page = await api<SearchPage>(`/api/logs/search${query({ ...searchParams(ctx.query), limit: PAGE, offset })}`, { signal: ctx.signal });
      filters.showErrors([]);
      const signature = `${page.total}:${page.items.map((r) => r.id).join(',')}`;
      if (signature === shown) return;
      shown = signature;
      summary.textContent = page.total === 0 ? '' : `${count(offset + 1)}–${count(offset + page.items.length)} of ${count(page.total)}`;
      replace(
        results,
        logTable(page.items, filtered ? 'No request matches these filters.' : 'No requests logged yet. Call the mock origin and they appear here.'),
        pager(offset, page.total, ctx),
      );
    } catch (error) {
      if (ctx.signal.aborted) return;
      auto.checked = false;
      shown = '';
      const rest = error instanceof ApiError && error.problem?.errors ? filters.showErrors(error.problem.errors) : null;
      replace(results, rest && rest.length === 0 ? h('p', { class: 'error', role: 'alert' }, 'Fix the marked filters.') : errorBox(error));
    }
  };
  every(2000, () => auto.checked && load(), ctx.signal);
  void load();

  return h(
    'div',
    null,
    h(
      'div',
      { class: 'toolbar' },
      h('h1', null, 'Requests'),
      summary,
      h('span', { class: 'spacer' }),
      h('label', { class: 'inline' }, auto, ' Live'),
      h('button', { type: 'button', onclick: () => void load() }, 'Refresh'),
    ),
    filters.form,
    exportBar(ctx, results),
    results,
  );
}

/** The requests these filters select, all of them, as a file (GET /api/export, oldest first). */
function exportBar(ctx: ViewContext, results: HTMLElement): HTMLElement {
  const save = (format: 'ndjson' | 'csv' | 'har') => async () => {
    try {
      await download(`/api/export${query({ ...searchParams(ctx.query), format })}`, `requests.${format === 'har' ? 'har' : format}`);
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  return h(
    'p',
    { class: 'export-bar muted' },
    hasFilters(ctx.query) ? 'Export the matching requests: ' : 'Export the whole log: ',
    h('button', { type: 'button', class: 'small', onclick: save('ndjson') }, 'NDJSON'),
    ' ',
    h('button', { type: 'button', class: 'small', onclick: save('csv') }, 'CSV'),
    ' ',
    h('button', { type: 'button', class: 'small', onclick: save('har') }, 'HAR'),
  );
}

function pager(offset: number, total: number, ctx: ViewContext): HTMLElement | null {
  if (total <= PAGE) return null;
  const go = (to: number) => () => {
    const q = new URLSearchParams(ctx.query);
    if (to > 0) q.set('offset', String(to));
    else q.delete('offset');
    ctx.navigate(`/ui/requests${q.size > 0 ? `?${q}` : ''}`);
  };
  return h(
    'nav',
    { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: go(Math.max(0, offset - PAGE)) }, '← Newer'),
    h('button', { type: 'button', disabled: offset + PAGE >= total, onclick: go(offset + PAGE) }, 'Older →'),
  );
}

export const requestsRoute: Route = { pattern: /^\/ui\/requests\/?$/, section: 'requests', title: 'Requests', render };
