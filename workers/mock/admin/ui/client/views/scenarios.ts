/** Scenarios: which one is active, switching between them, and the live overrides beside them. */
import { api, query } from '../api';
import { h, replace } from '../dom';
import type { Route, ViewContext } from '../router';
import { SCENARIO_TEMPLATES } from '../scenario-templates';
import type { ScenarioList, SteeringStateView } from '../types';
import { errorBox, loading, section } from '../widgets';

async function activate(name: string | null): Promise<void> {
  await api('/api/mock-data/scenarios/active', { method: 'PUT', json: { name } });
}

function scenarioTable(list: ScenarioList, ctx: ViewContext, status: HTMLElement): HTMLElement {
  if (list.items.length === 0) return h('p', { class: 'muted empty' }, 'No scenarios yet. Start one from a template below.');
  const act = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
      ctx.navigate(location.pathname + location.search, { replace: true });
    } catch (error) {
      replace(status, errorBox(error));
    }
  };
  return h(
    'table',
    { class: 'scenarios' },
    h('thead', null, h('tr', null, ['Scenario', 'Rules', 'Default', 'Stateful', 'Active', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      list.items.map((x) =>
        h(
          'tr',
          { 'data-name': x.name, class: x.active ? 'active-row' : '' },
          h('td', null, h('a', { href: `/ui/scenarios/${encodeURIComponent(x.name)}` }, x.name), x.description ? h('div', { class: 'muted' }, x.description) : null),
          h('td', { class: 'num' }, x.rules),
          h('td', null, x.has_default ? 'yes' : ''),
          h('td', null, x.stateful ? 'yes' : ''),
          h('td', null, x.active_in.map((where) => h('span', { class: 'pill active' }, where))),
          h(
            'td',
            { class: 'actions' },
            x.active
              ? h('button', { type: 'button', onclick: act(() => activate(null)) }, 'Deactivate')
              : h('button', { type: 'button', class: 'primary', onclick: act(() => activate(x.name)) }, 'Activate'),
            ' ',
            h('a', { href: `/ui/scenarios/${encodeURIComponent(x.name)}` }, 'Edit'),
            ' ',
            h(
              'button',
              {
                type: 'button',
                class: 'danger',
                onclick: act(async () => {
                  if (!confirm(`Delete scenario "${x.name}"?`)) return;
                  await api(`/api/mock-data/scenarios/${encodeURIComponent(x.name)}`, { method: 'DELETE' });
                }),
              },
              'Delete',
            ),
          ),
        ),
      ),
    ),
  );
}

function overridesSection(state: SteeringStateView, ctx: ViewContext, status: HTMLElement): HTMLElement {
  const remove = (params: Record<string, string>) => async () => {
    try {
      await api(`/api/mock-data/overrides${query(params)}`, { method: 'DELETE' });
      ctx.navigate(location.pathname + location.search, { replace: true });
    } catch (error) {
      replace(status, errorBox(error));
    }
  };
  return section(
    `Live overrides (${state.overrides.length})`,
    h('p', { class: 'muted' }, 'Set with ', h('code', null, 'POST /api/mock-data/update'), '; an override wins over the active scenario for its operation.'),
    state.overrides.length === 0
      ? h('p', { class: 'muted' }, 'None.')
      : [
          h(
            'table',
            { class: 'overrides' },
            h('thead', null, h('tr', null, ['Method', 'Endpoint', 'Rule', ''].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              null,
              state.overrides.map((o) => {
                const { endpoint, method, ...rest } = o;
                return h(
                  'tr',
                  null,
                  h('td', null, h('span', { class: `method m-${method.toLowerCase()}` }, method)),
                  h('td', { class: 'path' }, h('code', null, endpoint)),
                  h('td', null, h('code', { class: 'rule' }, JSON.stringify(rest))),
                  h('td', null, h('button', { type: 'button', onclick: remove({ endpoint, method }) }, 'Remove')),
                );
              }),
            ),
          ),
          h('p', null, h('button', { type: 'button', class: 'danger', onclick: remove({}) }, 'Remove all overrides')),
        ],
  );
}

async function render(ctx: ViewContext): Promise<Node> {
  const status = h('div', { 'aria-live': 'polite' });
  const body = h('div', null, loading());
  try {
    const [list, state] = await Promise.all([api<ScenarioList>('/api/mock-data/scenarios', { signal: ctx.signal }), api<SteeringStateView>('/api/mock-data/state', { signal: ctx.signal })]);
    replace(
      body,
      h(
        'section',
        { class: 'card' },
        h(
          'p',
          { 'data-testid': 'active-scenario' },
          'Active: ',
          list.active ? h('strong', null, list.active) : h('span', { class: 'muted' }, 'none — every operation answers as the spec says'),
          state.paused ? h('span', { class: 'pill paused' }, 'mock paused') : null,
        ),
        scenarioTable(list, ctx, status),
      ),
      overridesSection(state, ctx, status),
    );
  } catch (error) {
    replace(body, errorBox(error));
  }
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, h('h1', null, 'Scenarios'), h('span', { class: 'spacer' }), h('a', { href: '/ui/scenarios/new', class: 'button primary' }, 'New scenario')),
    status,
    body,
    section(
      'Start from a template',
      h(
        'ul',
        { class: 'templates' },
        SCENARIO_TEMPLATES.map((t) => h('li', null, h('a', { href: `/ui/scenarios/new${query({ template: t.id })}` }, t.label), h('span', { class: 'muted' }, ` — ${t.help}`))),
      ),
    ),
  );
}

export const scenariosRoute: Route = { pattern: /^\/ui\/scenarios\/?$/, section: 'scenarios', title: 'Scenarios', render };
