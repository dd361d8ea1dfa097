/** Pieces several views share: error boxes, key/value lists, body blocks, header tables. */
import { ApiError } from './api';
import { type Child, h } from './dom';
import { bytes, prettyBody } from './format';

/** A failed call as the user should read it: the problem's title, detail and each named field. */
export function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    const p = error.problem;
    return h(
      'div',
      { class: 'error', role: 'alert' },
      h('strong', null, p?.title ?? `HTTP ${error.status}`),
      p?.detail ? h('p', null, p.detail) : !p ? h('p', null, error.message) : null,
      p?.errors?.length
        ? h(
            'ul',
            { class: 'problem-items' },
            p.errors.map((item) => h('li', null, h('code', null, item.location), item.line !== undefined ? h('span', { class: 'muted' }, ` (line ${item.line}${item.column !== undefined ? `:${item.column}` : ''})`) : null, ' ', item.message)),
          )
        : null,
    );
  }
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Something failed'), h('p', null, error instanceof Error ? error.message : String(error)));
}

export function loading(): HTMLElement {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…');
}

export function keyValues(entries: Array<[string, Child]>): HTMLElement {
  return h(
    'dl',
    { class: 'kv' },
    entries.map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? h('span', { class: 'muted' }, '–') : v)]),
  );
}

export function headersTable(headers: Record<string, string> | null | undefined): HTMLElement {
  const entries = Object.entries(headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No headers');
  return h(
    'table',
    { class: 'headers' },
    h(
      'tbody',
      null,
      entries.map(([name, value]) => h('tr', null, h('th', { scope: 'row' }, name), h('td', null, value))),
    ),
  );
}

/** A body as stored: pretty JSON when it is JSON, and a note when the log kept only its start. */
export function bodyBlock(body: string | null, size: number, label: string): HTMLElement {
  if (body === null || body === '') return h('p', { class: 'muted' }, size > 0 ? `${label}: ${bytes(size)}, not stored (binary)` : `No ${label.toLowerCase()}`);
  const truncated = size > body.length;
  return h(
    'div',
    { class: 'body-block' },
    h('pre', { class: 'body', 'data-testid': label.toLowerCase().replace(/\s+/g, '-') }, prettyBody(body)),
    truncated ? h('p', { class: 'muted' }, `Showing the first ${bytes(body.length)} of ${bytes(size)}.`) : null,
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', null, title), ...children);
}

export function button(label: string, onClick: (event: Event) => void, attrs: Record<string, string | boolean> = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs, onclick: onClick }, label);
}
