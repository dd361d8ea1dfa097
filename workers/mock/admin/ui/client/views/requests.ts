/** The request log: newest first, paged, refreshed while it is on screen. */
import { api, query } from '../api';
import { h, replace } from '../dom';
import { count, ms, statusClass, time } from '../format';
import { remember } from '../log-cache';
import { every, type Route, type ViewContext } from '../router';
import type { LogEntry, LogPage } from '../types';
import { errorBox, loading } from '../widgets';

const PAGE = 50;

export function logTable(items: readonly LogEntry[], empty: string): HTMLElement {
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
          h('td', { class: 'path' }, h('a', { href: `/ui/requests/${encodeURIComponent(r.id)}` }, r.path + (r.query ? `?${r.query}` : ''))),
          h('td', null, h('span', { class: statusClass(r.status) }, r.status)),
          h('td', { class: 'num' }, ms(r.latencyMs)),
          h('td', null, r.operationId ?? h('span', { class: 'muted' }, 'unmatched')),
          h('td', null, r.sessionId ?? ''),
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

  const load = async () => {
    try {
      const page = await api<LogPage>(`/api/requests${query({ limit: PAGE, offset })}`, { signal: ctx.signal });
      remember(page.items);
      summary.textContent = page.total === 0 ? 'No requests yet' : `${offset + 1}–${offset + page.items.length} of ${count(page.total)}`;
      replace(
        results,
        logTable(page.items, 'No requests logged yet. Call the mock origin and they appear here.'),
        pager(offset, page.total, ctx),
      );
    } catch (error) {
      if (!ctx.signal.aborted) replace(results, errorBox(error));
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
    results,
  );
}

function pager(offset: number, total: number, ctx: ViewContext): HTMLElement | null {
  if (total <= PAGE) return null;
  const go = (to: number) => () => ctx.navigate(`/ui/requests${query({ offset: to || undefined })}`);
  return h(
    'nav',
    { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: go(Math.max(0, offset - PAGE)) }, '← Newer'),
    h('button', { type: 'button', disabled: offset + PAGE >= total, onclick: go(offset + PAGE) }, 'Older →'),
  );
}

export const requestsRoute: Route = { pattern: /^\/ui\/requests\/?$/, section: 'requests', title: 'Requests', render };
