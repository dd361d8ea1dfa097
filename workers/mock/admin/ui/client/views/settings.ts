/** The mock's switches: each change is saved at once with PATCH /api/settings. */
import { api } from '../api';
import { h, replace } from '../dom';
import { count } from '../format';
import type { Route, ViewContext } from '../router';
import type { Debug, Settings, SteeringStateView } from '../types';
import { errorBox, keyValues, loading, section } from '../widgets';

/** The boolean settings (the upstream is set through the API: it holds credentials). */
type SwitchKey = Exclude<keyof Settings, 'upstream'>;

/** One switch per setting: a setting the contract adds and this table lacks does not compile. */
const SWITCH_TEXT: Record<SwitchKey, { label: string; help: string }> = {
  validateRequests: { label: 'Validate requests', help: 'Check parameters and bodies against the spec; invalid requests get the spec’s 4xx or a problem listing each violation.' },
  enforceSecurity: { label: 'Enforce security', help: 'Requests without the credentials the spec asks for get 401 with WWW-Authenticate.' },
  cors: { label: 'CORS', help: 'Answer preflights and add CORS headers to every response.' },
  stateful: {
    label: 'Stateful CRUD',
    help: 'POST stores what it is sent, GET reads it back, PUT/PATCH change it and DELETE removes it, per collection of the spec (an active scenario can switch this on for itself).',
  },
};
// SAFETY: SWITCH_TEXT is a Record over exactly the switch keys of Settings.
const SWITCHES = (Object.keys(SWITCH_TEXT) as SwitchKey[]).map((key) => ({ key, ...SWITCH_TEXT[key] }));

async function render(ctx: ViewContext): Promise<Node> {
  const status = h('div', { 'aria-live': 'polite', class: 'save-status' });
  const body = h('div', null, loading());
  try {
    const settings = await api<Settings>('/api/settings', { signal: ctx.signal });
    const upstream = settings.upstream
      ? `${settings.upstream.url} (mode ${settings.upstream.mode}; change it with PATCH /api/settings {"upstream": …} or the set_upstream MCP tool)`
      : 'none: the mock answers every request itself (PATCH /api/settings {"upstream": {"url": …}} puts a real API behind it)';
    replace(body, [
      ...SWITCHES.map(({ key, label, help }) => {
        const box = h('input', { type: 'checkbox', id: `setting-${key}`, name: key, checked: settings[key] });
        box.addEventListener('change', async () => {
          box.disabled = true;
          try {
            const saved = await api<Settings>('/api/settings', { method: 'PATCH', json: { [key]: box.checked } });
            box.checked = saved[key];
            replace(status, h('p', { class: 'ok' }, `${label}: ${saved[key] ? 'on' : 'off'} — applies to the next request.`));
          } catch (error) {
            box.checked = !box.checked;
            replace(status, errorBox(error));
          } finally {
            box.disabled = false;
          }
        });
        return h('div', { class: 'switch' }, h('label', { for: `setting-${key}` }, box, ' ', label), h('p', { class: 'muted' }, help));
      }),
      h('p', null, h('strong', null, 'Upstream: '), upstream),
    ]);
  } catch (error) {
    replace(body, errorBox(error));
  }
  const [control, diagnostics] = await Promise.all([controlSection(ctx), diagnosticsSection(ctx)]);
  return h('div', null, h('h1', null, 'Settings'), section('Switches', body, status), control, diagnostics);
}


/** GET /api/debug: what is stored and how the log writer is tuned. */
async function diagnosticsSection(ctx: ViewContext): Promise<HTMLElement> {
  try {
    const debug = await api<Debug>('/api/debug', { signal: ctx.signal });
    return section(
      'Diagnostics',
      keyValues([
        ['Plan version', debug.planVersion ? h('code', null, debug.planVersion) : null],
        ...Object.entries(debug.storage).map(([name, n]): [string, string] => [`Rows: ${name}`, count(n)]),
        ...Object.entries(debug.logWriter).map(([name, v]): [string, string] => [`Log writer: ${name}`, v ?? 'default']),
      ]),
    );
  } catch (error) {
    return section('Diagnostics', errorBox(error));
  }
}

const ACTIONS: Array<{ action: string; label: string; help: string; confirm?: string; danger?: boolean }> = [
  { action: 'reload-config', label: 'Reload', help: 'Re-read the plan and steering state from storage.' },
  { action: 'reset-state', label: 'Reset state', help: 'Drop overrides, the active scenario and stateful records.', confirm: 'Drop all overrides, the active scenario and stored records?', danger: true },
  { action: 'reset-logs', label: 'Delete the log', help: 'Delete every logged request of this mock.', confirm: 'Delete every logged request of this mock?', danger: true },
];

/** POST /api/server/control: pause and resume the mock origin, reset its state or its log. */
async function controlSection(ctx: ViewContext): Promise<HTMLElement> {
  const out = h('div', { 'aria-live': 'polite' });
  const run = (action: string, question?: string) => async () => {
    if (question && !confirm(question)) return;
    try {
      await api('/api/server/control', { method: 'POST', json: { action } });
      ctx.navigate(location.pathname, { replace: true });
    } catch (error) {
      replace(out, errorBox(error));
    }
  };
  let paused: boolean | null = null;
  try {
    paused = (await api<SteeringStateView>('/api/mock-data/state', { signal: ctx.signal })).paused;
  } catch (error) {
    replace(out, errorBox(error));
  }
  return section(
    'Server control',
    h(
      'div',
      { class: 'switch' },
      h('p', { 'data-testid': 'paused' }, paused ? h('strong', { class: 'error-text' }, 'Paused: the mock origin answers 503 to every request.') : 'Serving.'),
      paused
        ? h('button', { type: 'button', class: 'primary', onclick: run('resume') }, 'Resume')
        : h('button', { type: 'button', onclick: run('pause') }, 'Pause'),
    ),
    ACTIONS.map((a) => h('div', { class: 'switch' }, h('button', { type: 'button', class: a.danger ? 'danger' : '', onclick: run(a.action, a.confirm) }, a.label), h('p', { class: 'muted' }, a.help))),
    out,
  );
}

export const settingsRoute: Route = { pattern: /^\/ui\/settings\/?$/, section: 'settings', title: 'Settings', render };
