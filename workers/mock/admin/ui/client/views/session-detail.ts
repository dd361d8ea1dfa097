/** One test session: its figures, statuses and operations, and ending it. */
import { api, query } from '../api';
import { download, htmlBlobUrl } from '../download';
import { barChart } from '../charts';
import { h, replace } from '../dom';
import { count, dateTime, ms, percent } from '../format';
import type { Route, ViewContext } from '../router';
import type { SessionDetail } from '../types';
import { errorBox, keyValues, section } from '../widgets';
import { duration, stateBadge } from './sessions';

async function render(ctx: ViewContext): Promise<Node> {
  const id = ctx.params[0];
  const back = h('a', { href: '/ui/sessions', class: 'back' }, '← Sessions');
  let s: SessionDetail;
  try {
    s = await api<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}`, { signal: ctx.signal });
  } catch (error) {
    return h('div', null, back, errorBox(error));
  }
  const status = h('div', { 'aria-live': 'polite' });
  const end =
    s.state === 'active'
      ? h('button', {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            try {
              await api<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}/end`, { method: 'POST' });
              ctx.navigate(location.pathname, { replace: true });
            } catch (error) {
              replace(status, errorBox(error));
            }
          },
        }, 'End session')
      : null;
  return h(
    'div',
    { 'data-testid': 'session-detail' },
    back,
    h('div', { class: 'toolbar' }, h('h1', null, s.name ?? s.id), stateBadge(s), h('span', { class: 'spacer' }), h('a', { href: `/ui/requests${query({ session_id: s.id })}` }, 'Its requests →'), end),
    status,
    reportBar(s.id, status),
    h(
      'div',
      { class: 'tiles' },
      tile(count(s.requests), 'requests'),
      tile(percent(s.successRate), 'success (status < 400)'),
      tile(count(s.errors), 'errors'),
      tile(ms(s.latencyMs.avg), 'mean latency'),
      tile(ms(s.latencyMs.max), 'max latency'),
      tile(duration(s.durationMs), 'duration'),
    ),
    section(
      'Session',
      keyValues([
        ['Id', h('code', null, s.id)],
        ['Header', h('code', null, `X-Test-Session: ${s.id}`)],
        ['Origin', s.origin === 'api' ? 'created through the API' : 'first seen in traffic'],
        ['Created', dateTime(s.createdAt)],
        ['Ended', s.endedAt === null ? null : dateTime(s.endedAt)],
        ['First request', s.firstRequestAt === null ? null : dateTime(s.firstRequestAt)],
        ['Last request', s.lastRequestAt === null ? null : dateTime(s.lastRequestAt)],
        ['Metadata', s.metadata ? h('pre', { class: 'body' }, JSON.stringify(s.metadata, null, 2)) : null],
      ]),
    ),
    s.statuses.length > 0
      ? section(
          'Statuses',
          barChart(
            s.statuses.map((x) => ({ label: String(x.status), value: x.count, tone: `s${Math.floor(x.status / 100)}xx` })),
            'Requests by status',
            count,
          ),
        )
      : null,
    s.operations.length > 0
      ? section(
          'Operations',
          h(
            'table',
            null,
            h('thead', null, h('tr', null, ['Operation', 'Method', 'Requests', 'Errors'].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              null,
              s.operations.map((op) =>
                h(
                  'tr',
                  null,
                  h('td', null, op.operationId ? h('a', { href: `/ui/requests${query({ session_id: s.id, operation: op.operationId })}` }, op.operationId) : h('span', { class: 'muted' }, 'unmatched')),
                  h('td', null, h('span', { class: `method m-${op.method.toLowerCase()}` }, op.method)),
                  h('td', { class: 'num' }, count(op.count)),
                  h('td', { class: 'num' }, count(op.errors)),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}

/** The session's test report (GET /api/testing/report): shown in a sandboxed frame, or downloaded. */
function reportBar(id: string, status: HTMLElement): HTMLElement {
  const path = (format: string) => `/api/testing/report${query({ session_id: id, format })}`;
  const frame = h('div', { class: 'report-frame' });
  const save = (format: string) => async () => {
    try {
      await download(path(format), `${id}-report.${format}`);
    } catch (error) {
      replace(status, errorBox(error));
    }
  };
  const show = async () => {
    if (frame.firstChild) {
      frame.replaceChildren();
      toggle.textContent = 'Show report';
      return;
    }
    try {
      const url = await htmlBlobUrl(path('html'));
      // No scripts, no same-origin access: the report is a document to read, nothing more.
      replace(frame, h('iframe', { src: url, sandbox: '', title: 'Test report', 'data-testid': 'report' }));
      toggle.textContent = 'Hide report';
    } catch (error) {
      replace(status, errorBox(error));
    }
  };
  const toggle = h('button', { type: 'button', onclick: () => void show() }, 'Show report');
  return h(
    'div',
    null,
    h(
      'p',
      { class: 'buttons' },
      toggle,
      h('button', { type: 'button', onclick: save('html') }, 'Download HTML'),
      h('button', { type: 'button', onclick: save('csv') }, 'Download CSV'),
      h('button', { type: 'button', onclick: save('json') }, 'Download JSON'),
    ),
    frame,
  );
}

function tile(figure: string, caption: string): HTMLElement {
  return h('div', { class: 'tile' }, h('div', { class: 'figure' }, figure), h('div', { class: 'caption' }, caption));
}

export const sessionDetailRoute: Route = { pattern: /^\/ui\/sessions\/([^/]+)$/, section: 'sessions', title: 'Session', render };
