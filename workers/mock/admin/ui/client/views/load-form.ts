/**
 * The form that starts a load run against this mock (POST /api/load-runs): open model (rate) or
 * closed model (VUs), a duration or ramping stages, an iteration count, the shard count and seed,
 * thresholds one per line, and optionally a test plan run once per iteration instead of the spec's
 * request mix. What the page can
 * check it checks before sending; the API's problems are shown beside the field their JSON
 * pointer names (`body/rate` from the admin API, `/thresholds/1` from the engine).
 */
import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import type { LoadRunRequest, LoadRunStarted } from '../types';
import { errorBox } from '../widgets';

type Field = 'rate' | 'vus' | 'duration' | 'stages' | 'iterations' | 'shards' | 'seed' | 'thresholds' | 'testPlan';

/** `10s:50`, `500ms:20`, `1m:100`, `10:50` (seconds) → a stage, or why not. */
function parseStage(line: string): { durationS: number; target: number } | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*:\s*(\d+(?:\.\d+)?)$/.exec(line.trim());
  if (!m || Number(m[1]) <= 0) return null;
  return { durationS: Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[(m[2] ?? 's') as 'ms' | 's' | 'm'], target: Number(m[3]) };
}

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Which field a problem item's location names: `body/rate`, `/durationMs`, `/thresholds/2`, `/stages/0/target`, `/testPlan/steps/0/request/path`. */
function fieldOf(location: string): { field: Field; index?: number; rest?: string } | null {
  const [first, second, ...more] = location.replace(/^body(?=\/|$)/, '').replace(/^\//, '').split('/');
  const index = second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
  if (first === 'testPlan') return { field: 'testPlan', rest: [second, ...more].filter((p) => p !== undefined).join('/') };
  if (first === 'rate' || first === 'vus' || first === 'stages' || first === 'thresholds' || first === 'iterations' || first === 'shards' || first === 'seed') return { field: first, index };
  if (first === 'durationS' || first === 'durationMs') return { field: 'duration' };
  return null;
}

/** `onStarted` gets the new run's id. */
export function loadRunForm(onStarted: (id: string) => void): HTMLElement {
  const model = h('select', { id: 'load-model', name: 'model' }, h('option', { value: 'open' }, 'Open model: requests per second'), h('option', { value: 'closed' }, 'Closed model: virtual users'));
  const inputs: Record<Field, HTMLInputElement | HTMLTextAreaElement> = {
    rate: h('input', { type: 'number', id: 'load-rate', name: 'rate', min: 0.1, step: 'any', value: 20 }),
    vus: h('input', { type: 'number', id: 'load-vus', name: 'vus', min: 1, step: 1, value: 5 }),
    duration: h('input', { type: 'number', id: 'load-duration', name: 'duration', min: 0.1, step: 'any', value: 10 }),
    stages: h('textarea', { id: 'load-stages', name: 'stages', rows: 3, spellcheck: 'false', placeholder: 'optional, one per line (duration:target), e.g.\n10s:50\n20s:200' }),
    iterations: h('input', { type: 'number', id: 'load-iterations', name: 'iterations', min: 1, step: 1, placeholder: 'optional' }),
    shards: h('input', { type: 'number', id: 'load-shards', name: 'shards', min: 1, step: 1, placeholder: 'automatic' }),
    seed: h('input', { type: 'text', id: 'load-seed', name: 'seed', maxlength: 100, placeholder: 'optional' }),
    thresholds: h('textarea', { id: 'load-thresholds', name: 'thresholds', rows: 3, spellcheck: 'false', placeholder: 'optional, one per line, e.g.\np95<200\nrate<0.01\nGET /books:p95<100 abortOnFail' }),
    testPlan: h('textarea', { id: 'load-testPlan', name: 'testPlan', rows: 6, spellcheck: 'false', placeholder: 'optional: a test plan (YAML or JSON, as mockloop run takes), e.g.\nname: browse\nsteps:\n  - name: list books\n    request: {path: /books}\n    expect: {status: 200}' }),
  };
  const errors = {} as Record<Field, HTMLElement>;
  const labels: Record<Field, string> = {
    rate: 'Rate (requests per second; with stages, the rate they start from)',
    vus: 'Virtual users (with stages, how many they start from)',
    duration: 'Duration (seconds; stages set their own)',
    stages: 'Stages: ramp the rate or VUs to each target over its duration',
    iterations: 'Iterations (stop after this many; with a test plan, runs of it)',
    shards: 'Shards (Durable Objects sending in parallel, 6 connections each; by default from the rate or VUs)',
    seed: 'Seed (the same seed draws the same requests in the same order)',
    thresholds: 'Thresholds',
    testPlan: 'Test plan: each iteration runs its steps instead of one request from the spec (thresholds may name a step)',
  };
  const fields = {} as Record<Field, HTMLElement>;
  for (const name of Object.keys(inputs) as Field[]) {
    errors[name] = h('span', { class: 'field-error', id: `load-${name}-error`, role: 'alert' });
    inputs[name].setAttribute('aria-describedby', errors[name].id);
    fields[name] = h('div', { class: 'field' }, h('label', { for: inputs[name].id }, labels[name]), inputs[name], errors[name]);
  }
  const showModel = () => {
    fields.rate.hidden = model.value !== 'open';
    fields.vus.hidden = model.value !== 'closed';
  };
  model.addEventListener('change', showModel);
  showModel();
  const submit = h('button', { type: 'submit' }, 'Start run');
  const out = h('div', { 'aria-live': 'polite' });

  const clear = () => {
    for (const name of Object.keys(inputs) as Field[]) {
      replace(errors[name]);
      inputs[name].removeAttribute('aria-invalid');
    }
    replace(out);
  };
  const mark = (field: Field, message: string) => {
    errors[field].append(errors[field].textContent ? ` ${message}` : message);
    inputs[field].setAttribute('aria-invalid', 'true');
  };

  /** The body, or null when a field was marked. */
  const read = (): LoadRunRequest | null => {
    const body: LoadRunRequest = {};
    const stageLines = linesOf(inputs.stages.value);
    const stages = stageLines.map(parseStage);
    stages.forEach((stage, i) => {
      if (!stage) mark('stages', `line ${i + 1} "${stageLines[i]}": write duration:target, e.g. 10s:50.`);
    });
    const level = model.value === 'open' ? inputs.rate : inputs.vus;
    const field: Field = model.value === 'open' ? 'rate' : 'vus';
    if (level.value.trim() !== '') body[field] = Number(level.value);
    else if (field === 'vus' || stages.length === 0) mark(field, 'Give a number.');
    if (stages.length > 0) body.stages = stages.filter((s) => s !== null);
    else if (inputs.duration.value.trim() !== '') body.durationS = Number(inputs.duration.value);
    if (inputs.iterations.value.trim() !== '') body.iterations = Number(inputs.iterations.value);
    if (inputs.shards.value.trim() !== '') body.shards = Number(inputs.shards.value);
    if (inputs.seed.value.trim() !== '') body.seed = inputs.seed.value.trim();
    const thresholds = linesOf(inputs.thresholds.value);
    if (thresholds.length > 0) body.thresholds = thresholds;
    if (inputs.testPlan.value.trim() !== '') body.testPlan = inputs.testPlan.value;
    return Object.values(errors).some((e) => e.textContent) ? null : body;
  };

  const showProblem = (error: unknown, thresholds: string[]) => {
    const items = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
    let placed = 0;
    for (const item of items) {
      const at = fieldOf(item.location);
      if (!at) continue;
      placed += 1;
      const line = at.field === 'thresholds' && at.index !== undefined && thresholds[at.index] !== undefined ? `line ${at.index + 1}: ` : '';
      const where = at.field === 'testPlan' && at.rest ? `${at.rest}: ` : '';
      mark(at.field, line + where + item.message);
    }
    // Anything not placed beside a field (a refused target, no plan, no engine) shows below the form.
    if (placed < items.length || items.length === 0) replace(out, errorBox(error));
  };

  const form = h(
    'form',
    { class: 'stack-form load-form', novalidate: true },
    h('label', { for: 'load-model' }, 'Model'),
    model,
    fields.rate,
    fields.vus,
    fields.duration,
    fields.stages,
    fields.iterations,
    fields.shards,
    fields.seed,
    fields.thresholds,
    fields.testPlan,
    h('div', null, submit),
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clear();
    const body = read();
    if (!body) return;
    submit.disabled = true;
    // No abort signal: a run that was asked for starts even when the user leaves the page.
    api<LoadRunStarted>('/api/load-runs', { method: 'POST', json: body }).then(
      (started) => onStarted(started.id),
      (error: unknown) => {
        submit.disabled = false;
        showProblem(error, body.thresholds ?? []);
      },
    );
  });
  return form;
}
