/** One exchange: what came in, what went out, how long it took and what the validator found. */
import { api, query } from '../api';
import { curlOf } from '../curl';
import { h, replace } from '../dom';
import { bytes, dateTime, ms, statusClass } from '../format';
import type { Route, ViewContext } from '../router';
import type { LogEntry } from '../types';
import { bodyBlock, errorBox, headersTable, keyValues, section } from '../widgets';

async function render(ctx: ViewContext): Promise<Node> {
  const back = h('a', { href: '/ui/requests', class: 'back' }, '← Request log');
  try {
    const entry = await api<LogEntry>(`/api/logs/${encodeURIComponent(ctx.params[0])}`, { signal: ctx.signal });
    return h('div', { class: 'detail' }, back, detail(entry));
  } catch (error) {
    return h('div', null, back, errorBox(error));
  }
}

/** Links to the log filtered by what this exchange shares with others. */
function related(r: LogEntry): HTMLElement {
  const link = (label: string, params: Record<string, string>) => h('a', { href: `/ui/requests${query(params)}` }, label);
  const links = [
    r.operationId ? link('operation', { operation: r.operationId }) : null,
    r.sessionId ? link('session', { session_id: r.sessionId }) : null,
    link('correlation id', { correlation_id: r.correlationId }),
    link('status', { status: String(r.status) }),
  ].filter((a) => a !== null);
  return h('p', { class: 'related' }, 'Same: ', links.map((a, i) => [i > 0 ? ' · ' : '', a]));
}

export function detail(r: LogEntry): HTMLElement {
  const target = r.path + (r.query ? `?${r.query}` : '');
  const violations = Array.isArray(r.validationErrors) ? r.validationErrors : [];
  return h(
    'article',
    { 'data-testid': 'request-detail' },
    h('h1', { class: 'exchange' }, h('span', { class: `method m-${r.method.toLowerCase()}` }, r.method), ' ', h('code', null, target), ' ', h('span', { class: statusClass(r.status) }, r.status)),
    section(
      'Summary',
      keyValues([
        ['Request id', h('code', null, r.id)],
        ['Time', dateTime(r.ts)],
        ['Latency', ms(r.latencyMs)],
        ['Operation', r.operationId],
        ['Plan version', h('code', null, r.planVersion)],
        ['Session', r.sessionId],
        ['Correlation id', h('code', null, r.correlationId)],
        ['Client', r.clientAddress],
        ['User agent', r.userAgent],
        ['Sizes', `request ${bytes(r.requestBodySize)}, response ${bytes(r.responseBodySize)}`],
      ]),
      related(r),
    ),
    violations.length > 0
      ? section(
          `Validation errors (${violations.length})`,
          h(
            'ul',
            { class: 'problem-items', 'data-testid': 'violations' },
            violations.map((v) => h('li', null, describeViolation(v))),
          ),
        )
      : null,
    replaySection(r),
    h(
      'div',
      { class: 'columns' },
      section('Request', h('h3', null, 'Headers'), headersTable(r.requestHeaders), h('h3', null, 'Body'), bodyBlock(r.requestBody, r.requestBodySize, 'Request body')),
      section('Response', h('h3', null, 'Headers'), headersTable(r.responseHeaders), h('h3', null, 'Body'), bodyBlock(r.responseBody, r.responseBodySize, 'Response body')),
    ),
  );
}

/** Send it again (curl), or make the mock answer this operation with this response from now on. */
function replaySection(r: LogEntry): HTMLElement {
  const { command, redacted } = curlOf(r);
  const out = h('div', { 'aria-live': 'polite' });
  const copy = h('button', {
    type: 'button',
    class: 'small',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(command);
        copy.textContent = 'Copied';
      } catch {
        copy.textContent = 'Select the command to copy it';
      }
    },
  }, 'Copy');
  let body: unknown;
  let complete = false;
  try {
    body = r.responseBody === null ? undefined : JSON.parse(r.responseBody);
    complete = body !== undefined;
  } catch {
    complete = false;
  }
  const pin =
    r.operationId && complete
      ? h(
          'button',
          {
            type: 'button',
            'data-testid': 'pin-response',
            onclick: async () => {
              if (!confirm(`From now on, answer every ${r.method} ${r.operationId} with this ${r.status} response?`)) return;
              try {
                await api('/api/mock-data/update', { method: 'POST', json: { endpoint: r.operationId, method: r.method, status: r.status, new_response: body } });
                replace(out, h('p', { class: 'ok' }, `${r.operationId} now answers this response. `, h('a', { href: '/ui/scenarios' }, 'See or remove the override →')));
              } catch (error) {
                replace(out, errorBox(error));
              }
            },
          },
          'Serve this response from now on',
        )
      : null;
  return section(
    'Replay',
    h('div', { class: 'toolbar' }, h('span', { class: 'muted' }, 'As curl'), copy, h('span', { class: 'spacer' }), pin),
    h('pre', { class: 'body', 'data-testid': 'curl' }, command),
    redacted.length > 0 ? h('p', { class: 'muted' }, `Left out, redacted in the log: ${redacted.join(', ')}.`) : null,
    out,
  );
}

function describeViolation(v: unknown): Node | string {
  if (v && typeof v === 'object') {
    // SAFETY: violations are problem items ({location, message}) when they have those fields.
    const item = v as { location?: unknown; message?: unknown };
    if (typeof item.message === 'string') return h('span', null, typeof item.location === 'string' ? h('code', null, item.location) : null, ' ', item.message);
  }
  return JSON.stringify(v);
}

export const requestDetailRoute: Route = { pattern: /^\/ui\/requests\/([^/]+)$/, section: 'requests', title: 'Request', render };
