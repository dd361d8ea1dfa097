/** One exchange: what came in, what went out, how long it took and what the validator found. */
import { h } from '../dom';
import { bytes, dateTime, ms, statusClass } from '../format';
import { recall } from '../log-cache';
import type { Route, ViewContext } from '../router';
import type { LogEntry } from '../types';
import { bodyBlock, headersTable, keyValues, section } from '../widgets';

function render(ctx: ViewContext): Node {
  const id = ctx.params[0];
  const entry = recall(id);
  const back = h('a', { href: '/ui/requests', class: 'back' }, '← Request log');
  if (!entry) {
    return h('div', null, back, h('p', { class: 'error', role: 'alert' }, `Request ${id} is not among the requests loaded in this tab; open it from the request log.`));
  }
  return h('div', { class: 'detail' }, back, detail(entry));
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
    h(
      'div',
      { class: 'columns' },
      section('Request', h('h3', null, 'Headers'), headersTable(r.requestHeaders), h('h3', null, 'Body'), bodyBlock(r.requestBody, r.requestBodySize, 'Request body')),
      section('Response', h('h3', null, 'Headers'), headersTable(r.responseHeaders), h('h3', null, 'Body'), bodyBlock(r.responseBody, r.responseBodySize, 'Response body')),
    ),
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
