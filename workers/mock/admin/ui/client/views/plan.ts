/** The plan being served: its operations with their declared statuses, warnings and stored versions. */
import { api } from '../api';
import { h, replace } from '../dom';
import { dateTime } from '../format';
import type { Route, ViewContext } from '../router';
import type { PlanSummary } from '../types';
import { errorBox, keyValues, section } from '../widgets';

/** PUT /api/spec: serve another OpenAPI / Swagger document; the log and scenarios stay. */
function specUpload(ctx: ViewContext): HTMLElement {
  const file = h('input', { type: 'file', id: 'spec-file', accept: '.yaml,.yml,.json,application/json,application/yaml' });
  const text = h('textarea', { id: 'spec-text', rows: 8, spellcheck: 'false', placeholder: 'openapi: 3.1.0\ninfo: …  (or choose a file)' });
  const out = h('div', { 'aria-live': 'polite' });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (chosen) text.value = await chosen.text();
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Serve this spec');
  const form = h(
    'form',
    { class: 'stack-form wide-form' },
    h('label', { for: 'spec-file' }, 'OpenAPI 3.x or Swagger 2.0, YAML or JSON'),
    file,
    text,
    h('div', null, submit),
    out,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      replace(out, h('p', { class: 'error', role: 'alert' }, 'Choose a file or paste a spec.'));
      return;
    }
    submit.disabled = true;
    try {
      const isJson = text.value.trimStart().startsWith('{');
      await api<PlanSummary>(`/api/spec?location=${encodeURIComponent(file.files?.[0]?.name ?? 'upload')}`, { method: 'PUT', text: { body: text.value, contentType: isJson ? 'application/json' : 'application/yaml' } });
      ctx.navigate('/ui/plan', { replace: true });
    } catch (error) {
      replace(out, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

async function render(ctx: ViewContext): Promise<Node> {
  let plan: PlanSummary;
  try {
    plan = await api<PlanSummary>('/api/plan', { signal: ctx.signal });
  } catch (error) {
    return h('div', null, h('h1', null, 'Plan'), errorBox(error), section('Serve a spec', specUpload(ctx)));
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
    section('Serve another spec', h('p', { class: 'muted' }, 'The request log and sessions are kept, and stored scenarios stay stored. A spec that does not compile changes nothing; its problems are listed with their place.'), specUpload(ctx)),
  );
}

export const planRoute: Route = { pattern: /^\/ui\/plan\/?$/, section: 'plan', title: 'Plan', render };
