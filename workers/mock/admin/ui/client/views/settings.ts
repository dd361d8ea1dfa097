/** The mock's switches: each change is saved at once with PATCH /api/settings. */
import { api } from '../api';
import { h, replace } from '../dom';
import type { Route, ViewContext } from '../router';
import type { Settings } from '../types';
import { errorBox, loading, section } from '../widgets';

const SWITCHES: Array<{ key: keyof Settings; label: string; help: string }> = [
  { key: 'validateRequests', label: 'Validate requests', help: 'Check parameters and bodies against the spec; invalid requests get the spec’s 4xx or a problem listing each violation.' },
  { key: 'enforceSecurity', label: 'Enforce security', help: 'Requests without the credentials the spec asks for get 401 with WWW-Authenticate.' },
  { key: 'cors', label: 'CORS', help: 'Answer preflights and add CORS headers to every response.' },
];

async function render(ctx: ViewContext): Promise<Node> {
  const status = h('div', { 'aria-live': 'polite', class: 'save-status' });
  const body = h('div', null, loading());
  try {
    const settings = await api<Settings>('/api/settings', { signal: ctx.signal });
    replace(
      body,
      SWITCHES.map(({ key, label, help }) => {
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
    );
  } catch (error) {
    replace(body, errorBox(error));
  }
  return h('div', null, h('h1', null, 'Settings'), section('Switches', body, status));
}

export const settingsRoute: Route = { pattern: /^\/ui\/settings\/?$/, section: 'settings', title: 'Settings', render };
