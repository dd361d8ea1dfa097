/** The plan being served: its operations with their declared statuses, warnings and stored versions. */
import { api } from '../api';
import { h } from '../dom';
import { dateTime } from '../format';
import type { Route, ViewContext } from '../router';
import type { PlanSummary } from '../types';
import { errorBox, keyValues, section } from '../widgets';

async function render(ctx: ViewContext): Promise<Node> {
  let plan: PlanSummary;
  try {
    plan = await api<PlanSummary>('/api/plan', { signal: ctx.signal });
  } catch (error) {
    return h('div', null, h('h1', null, 'Plan'), errorBox(error));
  }
  return h(
    'div',
    null,
    h('h1', null, plan.title),
    section(
      'Plan',
      keyValues([
        ['Version', h('code', null, plan.version)],
        ['Spec version', plan.specVersion],
        ['Base path', h('code', null, plan.basePath || '/')],
        ['Operations', String(plan.operations.length)],
      ]),
    ),
    section(
      `Operations (${plan.operations.length})`,
      h(
        'table',
        { class: 'operations' },
        h('thead', null, h('tr', null, ['Method', 'Path', 'Operation', 'Responses'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          null,
          plan.operations.map((op) =>
            h(
              'tr',
              null,
              h('td', null, h('span', { class: `method m-${op.method.toLowerCase()}` }, op.method)),
              h('td', { class: 'path' }, h('code', null, op.path)),
              h('td', null, op.id),
              h('td', null, op.responses.join(', ')),
            ),
          ),
        ),
      ),
    ),
    plan.warnings.length > 0
      ? section(
          `Warnings (${plan.warnings.length})`,
          h(
            'ul',
            { class: 'problem-items' },
            plan.warnings.map((w) => h('li', null, w.location ? h('code', null, w.location) : null, ' ', w.message ?? '')),
          ),
        )
      : null,
    plan.versions && plan.versions.length > 1
      ? section(
          'Stored versions',
          h(
            'ul',
            null,
            plan.versions.map((v) => h('li', null, h('code', null, v.version), typeof v.createdAt === 'number' ? ` — ${dateTime(v.createdAt)}` : '', v.version === plan.version ? ' (serving)' : '')),
          ),
        )
      : null,
  );
}

export const planRoute: Route = { pattern: /^\/ui\/plan\/?$/, section: 'plan', title: 'Plan', render };
