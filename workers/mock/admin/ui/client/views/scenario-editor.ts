/**
 * A scenario as JSON: checked while typing (JSON syntax here, then the API's validation against
 * the plan), saved with POST (new) or PUT (existing), optionally activated at once.
 */
import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import type { Route, ViewContext } from '../router';
import { SCENARIO_TEMPLATES } from '../scenario-templates';
import type { PlanSummary, Scenario, ScenarioValidation } from '../types';
import { errorBox, section } from '../widgets';

const CHECK_DELAY_MS = 350;

function problemList(errors: ScenarioValidation['errors']): HTMLElement {
  return h(
    'ul',
    { class: 'problem-items', 'data-testid': 'scenario-errors' },
    errors.map((e) => h('li', null, h('code', null, e.location.replace(/^body\/?/, '') || '(scenario)'), ' ', e.message)),
  );
}

async function render(ctx: ViewContext): Promise<Node> {
  const existing = ctx.params[0] === undefined || ctx.params[0] === 'new' ? null : ctx.params[0];
  const back = h('a', { href: '/ui/scenarios', class: 'back' }, '← Scenarios');
  let plan: PlanSummary;
  let initial: Scenario;
  try {
    plan = await api<PlanSummary>('/api/plan', { signal: ctx.signal });
    if (existing) {
      const { revision: _revision, active_in: _activeIn, ...stored } = await api<Scenario>(`/api/mock-data/scenarios/${encodeURIComponent(existing)}`, { signal: ctx.signal });
      initial = stored;
    } else {
      const template = SCENARIO_TEMPLATES.find((t) => t.id === ctx.query.get('template')) ?? SCENARIO_TEMPLATES[0];
      initial = template.make(plan);
    }
  } catch (error) {
    return h('div', null, back, errorBox(error));
  }

  const editor = h('textarea', { id: 'scenario-json', rows: 24, spellcheck: 'false', 'aria-describedby': 'scenario-check' });
  editor.value = JSON.stringify(initial, null, 2);
  const check = h('div', { id: 'scenario-check', 'aria-live': 'polite', class: 'check' });
  const outcome = h('div', { 'aria-live': 'polite' });
  const save = h('button', { type: 'button', class: 'primary', id: 'scenario-save' }, existing ? 'Save' : 'Create');
  const saveActivate = h('button', { type: 'button', id: 'scenario-save-activate' }, existing ? 'Save and activate' : 'Create and activate');

  const parse = (): { ok: true; value: unknown } | { ok: false; message: string } => {
    try {
      return { ok: true, value: JSON.parse(editor.value) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  };

  let checking = 0;
  const validate = async () => {
    const ticket = ++checking;
    const parsed = parse();
    if (!parsed.ok) {
      replace(check, h('p', { class: 'error', role: 'alert' }, `Not JSON: ${parsed.message}`));
      return;
    }
    try {
      const result = await api<ScenarioValidation>('/api/mock-data/scenarios/validate', { method: 'POST', json: parsed.value, signal: ctx.signal });
      if (ticket !== checking) return;
      replace(check, result.valid ? h('p', { class: 'ok' }, '✓ Valid for this API') : h('div', { class: 'error', role: 'alert' }, h('strong', null, `${result.errors.length} problem(s)`), problemList(result.errors)));
    } catch (error) {
      if (ticket === checking && !ctx.signal.aborted) replace(check, errorBox(error));
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void validate(), CHECK_DELAY_MS);
  });
  ctx.signal.addEventListener('abort', () => clearTimeout(timer));
  void validate();

  const submit = async (andActivate: boolean) => {
    const parsed = parse();
    if (!parsed.ok) {
      replace(outcome, h('p', { class: 'error', role: 'alert' }, `Not JSON: ${parsed.message}`));
      return;
    }
    save.disabled = saveActivate.disabled = true;
    try {
      const saved = existing
        ? await api<Scenario>(`/api/mock-data/scenarios/${encodeURIComponent(existing)}`, { method: 'PUT', json: parsed.value })
        : await api<Scenario>('/api/mock-data/scenarios', { method: 'POST', json: parsed.value });
      if (andActivate) await api('/api/mock-data/scenarios/active', { method: 'PUT', json: { name: saved.name } });
      ctx.navigate('/ui/scenarios');
    } catch (error) {
      replace(outcome, error instanceof ApiError && error.problem?.errors?.length ? h('div', { class: 'error', role: 'alert' }, h('strong', null, error.problem.detail ?? error.message), problemList(error.problem.errors)) : errorBox(error));
    } finally {
      save.disabled = saveActivate.disabled = false;
    }
  };
  save.addEventListener('click', () => void submit(false));
  saveActivate.addEventListener('click', () => void submit(true));

  const templatePicker = existing
    ? null
    : h(
        'p',
        null,
        h('label', { for: 'scenario-template' }, 'Template '),
        (() => {
          const select = h(
            'select',
            { id: 'scenario-template' },
            SCENARIO_TEMPLATES.map((t) => h('option', { value: t.id, selected: t.id === (ctx.query.get('template') ?? 'empty') }, t.label)),
          );
          select.addEventListener('change', () => ctx.navigate(`/ui/scenarios/new?template=${encodeURIComponent(select.value)}`, { replace: true }));
          return select;
        })(),
      );

  /** Appends a rule for one operation to the JSON being edited. */
  const addRule = (op: PlanSummary['operations'][number]) => () => {
    const parsed = parse();
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return;
    // SAFETY: an object was parsed; rules is replaced by an array when it is not one.
    const value = parsed.value as { rules?: unknown };
    const rules = Array.isArray(value.rules) ? value.rules : [];
    editor.value = JSON.stringify({ ...value, rules: [...rules, { endpoint: op.path, method: op.method }] }, null, 2);
    void validate();
  };

  return h(
    'div',
    null,
    back,
    h('h1', null, existing ? `Scenario ${existing}` : 'New scenario'),
    h(
      'div',
      { class: 'editor-layout' },
      h(
        'section',
        { class: 'card' },
        templatePicker,
        h('label', { for: 'scenario-json', class: 'sr-only' }, 'Scenario JSON'),
        editor,
        check,
        h('p', { class: 'buttons' }, save, ' ', saveActivate),
        outcome,
      ),
      section(
        'Operations',
        h('p', { class: 'muted' }, 'A rule names an operation by ', h('code', null, 'endpoint'), ' (path template or operationId) and ', h('code', null, 'method'), ', and may set ', h('code', null, 'status'), ', ', h('code', null, 'headers'), ', ', h('code', null, 'new_response'), ' | ', h('code', null, 'example'), ' | ', h('code', null, 'dynamic'), ', ', h('code', null, 'latency'), ', ', h('code', null, 'fault'), '. ', h('code', null, 'default'), ' applies to the operations no rule names.'),
        h(
          'table',
          { class: 'operations compact' },
          h(
            'tbody',
            null,
            plan.operations.map((op) =>
              h(
                'tr',
                null,
                h('td', null, h('span', { class: `method m-${op.method.toLowerCase()}` }, op.method)),
                h('td', { class: 'path' }, op.path, h('div', { class: 'muted' }, op.responses.join(' '))),
                h('td', null, h('button', { type: 'button', class: 'small', title: `Add a rule for ${op.id}`, onclick: addRule(op) }, '+ rule')),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export const scenarioEditorRoute: Route = { pattern: /^\/ui\/scenarios\/([^/]+)$/, section: 'scenarios', title: 'Scenario', render };
