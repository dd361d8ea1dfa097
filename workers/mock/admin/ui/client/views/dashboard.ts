/** The first screen: what is being served and the latest traffic. */
import { api, query } from '../api';
import { h, replace } from '../dom';
import { count } from '../format';
import { every, type Route, type ViewContext } from '../router';
import type { LogPage, PlanSummary } from '../types';
import { errorBox, keyValues, loading, section } from '../widgets';
import { logTable } from './requests';

async function render(ctx: ViewContext): Promise<Node> {
  const overview = h('div', null, loading());
  const recent = h('div', null, loading());
  const total = h('span', { class: 'muted' });

  const loadRecent = async () => {
    try {
      const page = await api<LogPage>(`/api/requests${query({ limit: 10 })}`, { signal: ctx.signal });
      total.textContent = `${count(page.total)} logged`;
      replace(recent, logTable(page.items, 'No requests logged yet.'));
    } catch (error) {
      if (!ctx.signal.aborted) replace(recent, errorBox(error));
    }
  };
  every(3000, () => void loadRecent(), ctx.signal);
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
    h('h1', null, 'Dashboard'),
    section('Serving', overview),
    h('section', { class: 'card' }, h('div', { class: 'toolbar' }, h('h2', null, 'Latest requests'), total, h('span', { class: 'spacer' }), h('a', { href: '/ui/requests' }, 'All requests →')), recent),
  );
}

export const dashboardRoute: Route = { pattern: /^\/ui\/?$/, section: 'dashboard', title: 'Dashboard', render };
