/** Webhooks: fire a spec's OAS 3.1 webhooks to a URL, and follow every callback and webhook delivery (decision 0021). */
import { api } from '../api';
import { h, replace } from '../dom';
import type { Route, ViewContext } from '../router';
import type { Deliveries, WebhookList } from '../types';
import { errorBox, loading, section } from '../widgets';

function fireForm(list: WebhookList, ctx: ViewContext): HTMLElement {
  if (list.webhooks.length === 0) return h('p', { class: 'muted empty' }, 'The spec declares no webhooks (OpenAPI 3.1 `webhooks`).');
  const name = h('select', { id: 'webhook-name', name: 'webhook' }, list.webhooks.map((w) => h('option', { value: w.name }, `${w.name} (${w.method})`)));
  const url = h('input', { type: 'url', id: 'webhook-url', name: 'url', placeholder: 'https://receiver.example/hooks — empty: the registered endpoints', spellcheck: 'false' });
  const body = h('textarea', { id: 'webhook-body', name: 'body', rows: 4, placeholder: 'optional JSON body; empty: made from the spec', spellcheck: 'false' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'stack-form' },
    h('label', { for: 'webhook-name' }, 'Webhook'),
    name,
    h('label', { for: 'webhook-url' }, 'Receiver URL'),
    url,
    h('label', { for: 'webhook-body' }, 'Body'),
    body,
    h('button', { type: 'submit', class: 'primary' }, 'Fire'),
    out,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const json: Record<string, unknown> = {};
      if (url.value.trim() !== '') json.url = url.value.trim();
      if (body.value.trim() !== '') json.body = JSON.parse(body.value);
      await api(`/api/webhooks/${encodeURIComponent(name.value)}/fire`, { method: 'POST', json });
      ctx.navigate(location.pathname, { replace: true });
    } catch (error) {
      replace(out, errorBox(error));
    }
  });
  return form;
}

function deliveryTable(items: Deliveries['deliveries']): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted empty' }, 'Nothing sent yet.');
  return h(
    'table',
    { class: 'deliveries' },
    h('thead', null, h('tr', null, ['Created', 'Kind', 'Name', 'Target', 'State', 'Attempts', 'Last answer'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((d) => {
        const last = d.attempt_log.at(-1);
        return h(
          'tr',
          { 'data-id': d.id },
          h('td', { class: 'nowrap' }, new Date(d.created_at).toLocaleString()),
          h('td', null, d.kind),
          h('td', null, d.name),
          h('td', null, h('code', null, d.url ?? '—')),
          h('td', null, h('span', { class: `pill ${d.state}` }, d.state)),
          h('td', { class: 'num' }, String(d.attempts)),
          h('td', null, last ? `${last.status ?? last.error ?? ''} in ${last.latency_ms} ms` : (d.error ?? '')),
        );
      }),
    ),
  );
}

async function render(ctx: ViewContext): Promise<Node> {
  const fire = h('div', null, loading());
  const log = h('div', null, loading());
  try {
    const [list, deliveries] = await Promise.all([api<WebhookList>('/api/webhooks', { signal: ctx.signal }), api<Deliveries>('/api/webhooks/deliveries?limit=100', { signal: ctx.signal })]);
    replace(fire, fireForm(list, ctx));
    replace(log, deliveryTable(deliveries.deliveries));
  } catch (error) {
    replace(fire, errorBox(error));
    replace(log, '');
  }
  return h('div', null, h('h1', null, 'Webhooks'), section('Fire a webhook', fire), section('Deliveries (callbacks and webhooks)', log));
}

export const webhooksRoute: Route = { pattern: /^\/ui\/webhooks\/?$/, section: 'webhooks', title: 'Webhooks', render };
