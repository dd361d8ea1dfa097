/**
 * Security: probe runs of this mock (OWASP API Top 10 checks derived from its plan, issue 10) —
 * start one with a choice of checks, follow and cancel a running one, read a run's findings.
 * A finding's evidence is response content from the probed target: it is only ever shown as text.
 */
import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import { toHtml, toJunit, toSarif } from '../../../../../../src/testing/probes/reports';
import { download, saveText } from '../download';
import { count, dateTime } from '../format';
import { every, type Route, type ViewContext } from '../router';
import type { ProbeCheck, ProbeFinding, ProbeRun, ProbeRunList, ProbeRunRequest, ProbeSeverity } from '../types';
import { button, errorBox, headersTable, keyValues, loading, section } from '../widgets';
import { duration } from './sessions';

/** The contract's check names; `satisfies` keeps this list complete when the contract gains one. */
const CHECKS = {
  authentication: true,
  'invalid-credentials': true,
  'object-authorization': true,
  'function-authorization': true,
  'read-only-write': true,
  'mass-assignment': true,
  'response-property-leak': true,
  'resource-limits': true,
  'rate-limit': true,
  injection: true,
  'negative-data': true,
  ssrf: true,
  cors: true,
  'verbose-errors': true,
  'security-headers': true,
  'unsupported-methods': true,
  'undeclared-inventory': true,
} as const satisfies Record<ProbeCheck, true>;
const CHECK_NAMES = Object.keys(CHECKS) as ProbeCheck[];

/** Worst first. */
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const satisfies readonly ProbeSeverity[];
const RUNNING = new Set(['running', 'queued']);
const POLL_MS = 1000;

type RunSummary = ProbeRunList['items'][number];

function statusPill(status: string): HTMLElement {
  return h('span', { class: `pill probe-${status}` }, status);
}

function severityCounts(bySeverity: Record<string, number> | undefined): HTMLElement {
  const present = SEVERITIES.filter((s) => (bySeverity?.[s] ?? 0) > 0);
  if (present.length === 0) return h('span', { class: 'muted' }, 'none');
  return h(
    'span',
    { class: 'severity-counts' },
    present.map((s) => h('span', { class: `pill sev-${s}`, title: s }, `${count(bySeverity![s])} ${s}`)),
  );
}

function runTable(items: readonly RunSummary[], onCancel: (id: string) => void): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted empty' }, 'No probe runs yet. Start one below.');
  return h(
    'table',
    { class: 'probe-runs' },
    h('thead', null, h('tr', null, ['Started', 'Status', 'Requests', 'Findings', 'By severity', 'Duration', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      items.map((run) => {
        const running = RUNNING.has(run.status);
        const s = run.summary;
        return h(
          'tr',
          { 'data-id': run.id },
          h('td', { class: 'nowrap' }, h('a', { href: `/ui/security/${encodeURIComponent(run.id)}` }, dateTime(run.createdAt))),
          h('td', null, statusPill(run.status)),
          h('td', { class: 'num' }, s ? (running && s.budget ? `${count(s.requests)} / ${count(s.budget)}` : count(s.requests)) : '–'),
          h('td', { class: 'num' }, s ? count(s.findings) : '–'),
          h('td', null, running ? h('span', { class: 'muted' }, 'running') : severityCounts(s?.bySeverity)),
          h('td', { class: 'num' }, run.finishedAt !== null ? duration(run.finishedAt - run.createdAt) : '–'),
          h('td', null, running ? button('Cancel', () => onCancel(run.id)) : null),
        );
      }),
    ),
  );
}

/** `start` sends the run and answers when it ended and the list shows it. */
function startForm(start: (body: ProbeRunRequest) => Promise<ProbeRun>): HTMLElement {
  const boxes = CHECK_NAMES.map((name) => h('input', { type: 'checkbox', name: 'check', value: name, id: `check-${name}`, checked: true }));
  const allowWrites = h('input', { type: 'checkbox', id: 'probe-allow-writes', name: 'allowWrites' });
  const failOn = h(
    'select',
    { id: 'probe-fail-on', name: 'failOn' },
    SEVERITIES.map((s) => h('option', { value: s, selected: s === 'high' }, s)),
  );
  const maxRequests = h('input', { type: 'number', id: 'probe-max-requests', name: 'maxRequests', min: 1, max: 5000, value: 2000 });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Run probes');
  const out = h('div', { 'aria-live': 'polite' });
  const setAll = (checked: boolean) => {
    for (const box of boxes) box.checked = checked;
  };
  const form = h(
    'form',
    { class: 'stack-form probe-form' },
    h('div', { class: 'field-label' }, 'Checks ', button('all', () => setAll(true), { class: 'link' }), ' · ', button('none', () => setAll(false), { class: 'link' })),
    h(
      'div',
      { class: 'check-grid' },
      boxes.map((box) => h('label', { class: 'inline', for: box.id }, box, ` ${box.value}`)),
    ),
    h('label', { class: 'inline', for: 'probe-allow-writes' }, allowWrites, ' Allow writes (also send PUT, PATCH and DELETE)'),
    h('label', { for: 'probe-fail-on' }, 'The run fails on a finding of this severity or worse'),
    failOn,
    h('label', { for: 'probe-max-requests' }, 'Request budget'),
    maxRequests,
    h('div', null, submit),
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const checks = boxes.filter((box) => box.checked).map((box) => box.value as ProbeCheck);
    if (checks.length === 0) {
      replace(out, h('p', { class: 'error', role: 'alert' }, 'Choose at least one check.'));
      return;
    }
    const body: ProbeRunRequest = {
      ...(checks.length < CHECK_NAMES.length ? { checks } : {}),
      allowWrites: allowWrites.checked,
      failOn: failOn.value as ProbeSeverity,
      maxRequests: Number(maxRequests.value) || undefined,
    };
    submit.disabled = true;
    replace(out, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Probing… the run is listed above while it runs.'));
    start(body).then(
      (run) => {
        submit.disabled = false;
        replace(
          out,
          h('p', { class: 'done' }, `Run ${run.status}: ${count(run.result?.findings.length ?? 0)} findings in ${count(run.result?.requests ?? 0)} requests. `, h('a', { href: `/ui/security/${encodeURIComponent(run.id)}` }, 'Open it')),
        );
      },
      (error: unknown) => {
        submit.disabled = false;
        replace(out, errorBox(error));
      },
    );
  });
  return form;
}

async function renderList(ctx: ViewContext): Promise<Node> {
  const list = h('div', null, loading());
  const listError = h('div');
  let pending = 0;
  let hasRunning = false;

  async function cancel(id: string): Promise<void> {
    try {
      await api(`/api/probes/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      await refresh();
    } catch (error) {
      replace(listError, errorBox(error));
    }
  }

  async function refresh(): Promise<void> {
    try {
      const runs = await api<ProbeRunList>('/api/probes?limit=50', { signal: ctx.signal });
      hasRunning = runs.items.some((run) => RUNNING.has(run.status));
      replace(list, runTable(runs.items, (id) => void cancel(id)));
      replace(listError);
    } catch (error) {
      if (ctx.signal.aborted) return;
      if (error instanceof ApiError && error.status === 401) throw error;
      replace(listError, errorBox(error));
    }
  }

  await refresh();
  every(
    POLL_MS,
    () => {
      if (pending > 0 || hasRunning) void refresh();
    },
    ctx.signal,
  );
  const form = startForm(async (body) => {
    pending += 1;
    try {
      // No abort signal: leaving the page must not stop the run (it is cancelled from the list).
      return await api<ProbeRun>('/api/probes', { method: 'POST', json: body });
    } finally {
      pending -= 1;
      if (!ctx.signal.aborted) await refresh();
    }
  });
  return h(
    'div',
    null,
    h('h1', null, 'Security probes'),
    h(
      'p',
      { class: 'muted' },
      'Checks derived from the served spec (OWASP API Security Top 10, 2023), sent to this mock in-process; each probe request is logged like any other. CLI: ',
      h('code', null, 'npx mockloop probe <spec> --target <mock>'),
      '.',
    ),
    section('Runs', listError, list),
    section('Start a run', form),
  );
}

function findingBlock(f: ProbeFinding, index: number): HTMLElement {
  return h(
    'details',
    { class: 'finding', 'data-testid': 'finding', 'data-index': index },
    h(
      'summary',
      null,
      h('span', { class: `pill sev-${f.severity}` }, f.severity),
      ' ',
      h('strong', null, f.title),
      ' ',
      h('span', { class: 'muted' }, `${f.check} · ${f.category} · `),
      h('code', null, f.operation),
    ),
    keyValues([
      ['Check', f.check],
      ['OWASP category', f.category],
      ['Severity', f.severity],
      ['Operation', h('code', null, f.operation)],
      ['Answer status', String(f.evidence.status)],
    ]),
    h('h3', null, 'Request (credentials redacted)'),
    h('pre', { class: 'body', 'data-testid': 'finding-curl' }, f.curl),
    h('h3', null, 'Evidence'),
    // Response content of the target: a text node, never markup.
    f.evidence.excerpt ? h('pre', { class: 'body', 'data-testid': 'finding-evidence' }, f.evidence.excerpt) : h('p', { class: 'muted' }, 'No excerpt.'),
    f.evidence.headers && Object.keys(f.evidence.headers).length > 0 ? headersTable(f.evidence.headers) : null,
  );
}

function severityOrder(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i === -1 ? SEVERITIES.length : i;
}

/**
 * The run's reports: JSON is the admin API's answer; HTML, JUnit XML and SARIF 2.1.0 are built in
 * the page by the same code as `mockloop probe --html/--junit/--sarif` (src/testing/probes/reports).
 */
function reportButtons(id: string, result: NonNullable<ProbeRun['result']>, out: HTMLElement): HTMLElement {
  const file = `probe-${id}`;
  const specUri = h('input', { type: 'text', id: 'sarif-spec-uri', placeholder: 'spec path in your repository, e.g. api/openapi.yaml', spellcheck: 'false', size: 36 });
  return h(
    'span',
    { class: 'reports' },
    button('JSON', async () => {
      try {
        await download(`/api/probes/${encodeURIComponent(id)}`, `${file}.json`);
      } catch (error) {
        replace(out, errorBox(error));
      }
    }),
    ' ',
    button('HTML', () => saveText(toHtml(result), `${file}.html`, 'text/html')),
    ' ',
    button('JUnit XML', () => saveText(toJunit(result), `${file}.xml`, 'application/xml')),
    ' ',
    button('SARIF', () => {
      const uri = specUri.value.trim();
      if (uri === '') {
        replace(out, h('p', { class: 'error', role: 'alert' }, 'SARIF locates each finding in the spec file: give its path in your repository.'));
        return;
      }
      replace(out);
      saveText(`${JSON.stringify(toSarif(result, { specUri: uri }), null, 2)}\n`, `${file}.sarif`, 'application/sarif+json');
    }),
    ' ',
    h('label', { class: 'inline', for: 'sarif-spec-uri' }, 'for ', specUri),
  );
}

function runDetail(run: ProbeRun, reload: () => void): Node {
  const running = RUNNING.has(run.status);
  const out = h('div', { 'aria-live': 'polite' });
  const result = run.result;
  const actions = h(
    'div',
    { class: 'toolbar' },
    running
      ? button('Cancel', async () => {
          try {
            await api(`/api/probes/${encodeURIComponent(run.id)}/cancel`, { method: 'POST' });
            reload();
          } catch (error) {
            replace(out, errorBox(error));
          }
        })
      : null,
    result ? h('span', { class: 'muted' }, 'Reports: ') : null,
    result ? reportButtons(run.id, result, out) : null,
  );
  const findings = result ? [...result.findings].sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity)) : [];
  return h(
    'div',
    { 'data-testid': 'probe-run' },
    h('p', null, h('a', { href: '/ui/security' }, '← All runs')),
    h('div', { class: 'toolbar' }, h('h1', null, `Probe run ${dateTime(run.createdAt)}`), ' ', statusPill(run.status)),
    actions,
    out,
    section(
      'Run',
      keyValues([
        ['Id', h('code', null, run.id)],
        ['Target', result ? h('code', null, result.target) : null],
        ['Spec', result ? `${result.title} (plan ${result.planVersion})` : null],
        ['Started', dateTime(run.createdAt)],
        ['Finished', run.finishedAt !== null ? `${dateTime(run.finishedAt)} (${duration(run.finishedAt - run.createdAt)})` : null],
        ['Requests', run.summary ? (running && run.summary.budget ? `${count(run.summary.requests)} of ${count(run.summary.budget)}` : count(run.summary.requests)) : null],
        ['Not sent', result ? `${count(result.notSent.writes)} writes (not allowed), ${count(result.notSent.budget)} past the budget` : null],
        ['Fails on', run.summary ? `${run.summary.failOn} or worse` : null],
        ['Findings', run.summary ? severityCounts(run.summary.bySeverity) : null],
      ]),
    ),
    result
      ? section(
          `Findings (${result.findings.length})`,
          findings.length === 0 ? h('p', { class: 'muted empty' }, 'No findings.') : findings.map((f, i) => findingBlock(f, i)),
        )
      : running
        ? section('Findings', h('p', { class: 'muted', 'aria-busy': 'true' }, 'The run is still going; its findings show when it ends.'))
        : null,
    result
      ? section(
          'Checks',
          h(
            'table',
            { class: 'probe-checks' },
            h('thead', null, h('tr', null, ['Check', 'Category', 'Operations', 'Requests', 'Findings', 'Skipped'].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              null,
              result.checks.map((c) =>
                h(
                  'tr',
                  null,
                  h('td', null, c.check),
                  h('td', null, c.category),
                  h('td', { class: 'num' }, count(c.operations)),
                  h('td', { class: 'num' }, count(c.requests)),
                  h('td', { class: 'num' }, count(c.findings)),
                  h('td', { class: 'muted' }, c.skipped ?? ''),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}

async function renderRun(ctx: ViewContext): Promise<Node> {
  const id = ctx.params[0];
  const root = h('div');
  const load = async (): Promise<boolean> => {
    const run = await api<ProbeRun>(`/api/probes/${encodeURIComponent(id)}`, { signal: ctx.signal });
    replace(root, runDetail(run, () => void load().catch((error: unknown) => ctx.signal.aborted || replace(root, errorBox(error)))));
    return RUNNING.has(run.status);
  };
  let running = await load();
  every(
    POLL_MS,
    () => {
      if (!running) return;
      load().then(
        (still) => {
          running = still;
        },
        () => undefined,
      );
    },
    ctx.signal,
  );
  return root;
}

export const probesRoute: Route = { pattern: /^\/ui\/security\/?$/, section: 'security', title: 'Security', render: renderList };
export const probeRunRoute: Route = { pattern: /^\/ui\/security\/([0-9A-Za-z]+)$/, section: 'security', title: 'Probe run', render: renderRun };
