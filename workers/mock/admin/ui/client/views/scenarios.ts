/** Scenarios: which one is active, switching between them, and the live overrides beside them. */
import { api, query } from '../api';
import { h, replace } from '../dom';
import type { Route, ViewContext } from '../router';
import { SCENARIO_TEMPLATES } from '../scenario-templates';
import type { ScenarioList, SteeringStateView } from '../types';
import { errorBox, loading, section } from '../widgets';

/** `session` scopes the change to one test session (its requests carry X-Test-Session). */
async function activate(name: string | null, session: string | undefined): Promise<void> {
  await api('/api/mock-data/scenarios/active', { method: 'PUT', json: session ? { name, session_id: session } : { name } });
}

function scenarioTable(list: ScenarioList, ctx: ViewContext, status: HTMLElement, session: string | undefined): HTMLElement {
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
              ? h('button', { type: 'button', onclick: act(() => activate(null, session)) }, 'Deactivate')
              : h('button', { type: 'button', class: 'primary', onclick: act(() => activate(x.name, session)) }, 'Activate'),
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

function overridesSection(state: SteeringStateView, ctx: ViewContext, status: HTMLElement, session: string | undefined): HTMLElement {
  // A session without state of its own sees the global overrides; they are changed in the global view.
  const inherited = session !== undefined && !state.session_isolated;
  const remove = (params: Record<string, string>) => async () => {
    try {
      await api(`/api/mock-data/overrides${query({ ...params, session_id: session })}`, { method: 'DELETE' });
      ctx.navigate(location.pathname + location.search, { replace: true });
    } catch (error) {
      replace(status, errorBox(error));
    }
  };
  return section(
    inherited ? `Global overrides, seen by session ${session} (${state.overrides.length})` : session ? `Overrides of session ${session} (${state.overrides.length})` : `Live overrides (${state.overrides.length})`,
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
                  h('td', null, inherited ? null : h('button', { type: 'button', onclick: remove({ endpoint, method }) }, 'Remove')),
                );
              }),
            ),
          ),
          inherited ? null : h('p', null, h('button', { type: 'button', class: 'danger', onclick: remove({}) }, 'Remove all overrides')),
        ],
  );
}

/**
 * Which state the page steers: the mock's global state, or one test session's own (created on its
 * first change), so parallel test runs sharing the mock do not see each other's scenario.
 */
function scopePicker(ctx: ViewContext, session: string | undefined, known: string[]): HTMLElement {
  const input = h('input', { type: 'text', id: 'scope-session', list: 'known-sessions', value: session ?? '', placeholder: 'X-Test-Session id', spellcheck: 'false' });
  const form = h(
    'form',
    { class: 'scope' },
    h('label', { for: 'scope-session' }, 'Steer: '),
    h('span', { class: 'muted' }, 'every request, or only a session’s '),
    input,
    h('datalist', { id: 'known-sessions' }, known.map((id) => h('option', { value: id }))),
    ' ',
    h('button', { type: 'submit' }, 'Apply'),
    session ? [' ', h('a', { href: '/ui/scenarios' }, 'back to global')] : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`/ui/scenarios${query({ session_id: input.value.trim() })}`);
  });
  return form;
}

async function render(ctx: ViewContext): Promise<Node> {
  const session = ctx.query.get('session_id')?.trim() || undefined;
  const status = h('div', { 'aria-live': 'polite' });
  const body = h('div', null, loading());
  try {
    const scope = query({ session_id: session });
    const [list, state] = await Promise.all([api<ScenarioList>(`/api/mock-data/scenarios${scope}`, { signal: ctx.signal }), api<SteeringStateView>(`/api/mock-data/state${scope}`, { signal: ctx.signal })]);
    replace(
      body,
      h(
        'section',
        { class: 'card' },
        scopePicker(ctx, session, state.sessions.map((x) => x.session_id)),
        session && !state.session_isolated ? h('p', { class: 'muted' }, `Session ${session} has no state of its own yet: its requests see the global state until a change is made here for it.`) : null,
        h(
          'p',
          { 'data-testid': 'active-scenario' },
          'Active: ',
          list.active ? h('strong', null, list.active) : h('span', { class: 'muted' }, 'none — every operation answers as the spec says'),
          state.paused ? h('span', { class: 'pill paused' }, 'mock paused') : null,
        ),
        scenarioTable(list, ctx, status, session),
      ),
      overridesSection(state, ctx, status, session),
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
