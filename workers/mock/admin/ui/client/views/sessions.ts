/** Test sessions: the list with their figures, and a form to open one for a test run. */
import { ApiError, api, query } from '../api';
import { h, replace } from '../dom';
import { count, dateTime, percent } from '../format';
import type { Route, ViewContext } from '../router';
import type { SessionDetail, SessionPage, TestSession } from '../types';
import { errorBox, loading, section } from '../widgets';

const PAGE = 50;

export function duration(msValue: number): string {
  if (msValue < 1000) return `${msValue} ms`;
  const sec = Math.round(msValue / 1000);
  if (sec < 120) return `${sec} s`;
  const min = Math.floor(sec / 60);
  return min < 120 ? `${min} min ${sec % 60} s` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

export function stateBadge(session: TestSession): HTMLElement {
  return h('span', { class: `pill ${session.state}` }, session.state);
}

function sessionTable(items: readonly TestSession[]): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted empty' }, 'No sessions yet. Create one here, or send requests with an X-Test-Session header.');
  return h(
    'table',
    { class: 'sessions' },
    h('thead', null, h('tr', null, ['Session', 'State', 'Origin', 'Requests', 'Errors', 'Success', 'Duration', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((x) =>
        h(
          'tr',
          { 'data-id': x.id },
          h('td', null, h('a', { href: `/ui/sessions/${encodeURIComponent(x.id)}` }, x.name ?? x.id), x.name ? h('div', { class: 'muted' }, h('code', null, x.id)) : null),
          h('td', null, stateBadge(x)),
          h('td', null, x.origin === 'api' ? 'API' : 'traffic'),
          h('td', { class: 'num' }, count(x.requests)),
          h('td', { class: 'num' }, count(x.errors)),
          h('td', { class: 'num' }, percent(x.successRate)),
          h('td', { class: 'num' }, duration(x.durationMs)),
          h('td', { class: 'nowrap' }, dateTime(x.createdAt)),
        ),
      ),
    ),
  );
}

function createForm(ctx: ViewContext): HTMLElement {
  const name = h('input', { type: 'text', id: 'session-name', name: 'name', placeholder: 'checkout e2e run 42', maxlength: 200 });
  const id = h('input', { type: 'text', id: 'session-id', name: 'id', placeholder: 'optional: your own id (letters, digits, . _ : ~ -)', spellcheck: 'false' });
  const metadata = h('textarea', { id: 'session-metadata', name: 'metadata', rows: 3, placeholder: '{"pipeline": "ci", "commit": "abc123"}', spellcheck: 'false' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'stack-form' },
    h('label', { for: 'session-name' }, 'Name'),
    name,
    h('label', { for: 'session-id' }, 'Id'),
    id,
    h('label', { for: 'session-metadata' }, 'Metadata (JSON object)'),
    metadata,
    h('div', null, h('button', { type: 'submit', class: 'primary' }, 'Create session')),
    out,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    if (name.value.trim()) body.name = name.value.trim();
    if (id.value.trim()) body.id = id.value.trim();
    if (metadata.value.trim()) {
      try {
        body.metadata = JSON.parse(metadata.value);
      } catch (error) {
        replace(out, h('p', { class: 'error', role: 'alert' }, `Metadata is not JSON: ${error instanceof Error ? error.message : error}`));
        return;
      }
    }
    try {
      const created = await api<SessionDetail>('/api/sessions', { method: 'POST', json: body });
      ctx.navigate(`/ui/sessions/${encodeURIComponent(created.id)}`);
    } catch (error) {
      replace(out, errorBox(error));
    }
  });
  return form;
}

async function render(ctx: ViewContext): Promise<Node> {
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const state = ctx.query.get('state') ?? '';
  const list = h('div', null, loading());
  const filter = h(
    'select',
    { id: 'session-state', 'aria-label': 'State' },
    ['', 'active', 'ended'].map((v) => h('option', { value: v, selected: v === state }, v === '' ? 'all' : v)),
  );
  filter.addEventListener('change', () => ctx.navigate(`/ui/sessions${query({ state: filter.value })}`));
  try {
    const page = await api<SessionPage>(`/api/sessions${query({ limit: PAGE, offset, state: state || undefined })}`, { signal: ctx.signal });
    replace(
      list,
      sessionTable(page.items),
      page.total > PAGE
        ? h(
            'nav',
            { class: 'pager' },
            h('button', { type: 'button', disabled: offset === 0, onclick: () => ctx.navigate(`/ui/sessions${query({ state, offset: Math.max(0, offset - PAGE) || undefined })}`) }, '← Newer'),
            h('button', { type: 'button', disabled: offset + PAGE >= page.total, onclick: () => ctx.navigate(`/ui/sessions${query({ state, offset: offset + PAGE })}`) }, 'Older →'),
          )
        : null,
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    replace(list, errorBox(error));
  }
  return h(
    'div',
    null,
    h('div', { class: 'toolbar' }, h('h1', null, 'Sessions'), h('span', { class: 'spacer' }), h('label', { class: 'inline', for: 'session-state' }, 'State'), filter),
    h('section', { class: 'card' }, list),
    section('New session', h('p', { class: 'muted' }, 'Requests join it when they carry ', h('code', null, 'X-Test-Session: <id>'), '.'), createForm(ctx)),
  );
}

export const sessionsRoute: Route = { pattern: /^\/ui\/sessions\/?$/, section: 'sessions', title: 'Sessions', render };
