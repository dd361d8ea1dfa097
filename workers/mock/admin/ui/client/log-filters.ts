/**
 * The log search's filters as a form. The filters live in the page URL (/ui/requests?status=4xx…),
 * so a filtered view can be bookmarked, shared and left with the back button; the API's own
 * validation errors (`query/<field>`) are shown beside the field they name.
 */
import type { ProblemItem } from './api';
import { h } from './dom';

export const FILTER_FIELDS = ['q', 'method', 'status', 'operation', 'path', 'path_mode', 'session_id', 'correlation_id', 'time_from', 'time_to'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** The page URL's filters as the search API's query parameters. */
export function searchParams(pageQuery: URLSearchParams): Record<string, string | undefined> {
  const get = (name: FilterField) => pageQuery.get(name)?.trim() || undefined;
  const path = get('path');
  const regex = get('path_mode') === 'regex';
  return {
    q: get('q'),
    method: get('method'),
    status: get('status'),
    operation: get('operation'),
    session_id: get('session_id'),
    correlation_id: get('correlation_id'),
    time_from: isoOf(get('time_from')),
    time_to: isoOf(get('time_to')),
    path_glob: regex ? undefined : path,
    path_regex: regex ? path : undefined,
  };
}

/** datetime-local values are local wall time: the API wants an instant. */
function isoOf(local: string | undefined): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
}

export function hasFilters(pageQuery: URLSearchParams): boolean {
  return FILTER_FIELDS.some((f) => f !== 'path_mode' && (pageQuery.get(f) ?? '').trim() !== '');
}

/** Which form field an API error's `query/<param>` location belongs to. */
function fieldOf(location: string): FilterField | null {
  const param = location.replace(/^query\//, '').split('/')[0];
  if (param === 'path_glob' || param === 'path_regex') return 'path';
  return FILTER_FIELDS.find((f) => f === param) ?? null;
}

export interface FilterForm {
  form: HTMLFormElement;
  /** Offers the plan's operations in the operation filter. */
  setOperations(ids: readonly string[]): void;
  /** Marks the fields the API refused; returns the items no field claims. */
  showErrors(items: ProblemItem[]): ProblemItem[];
}

export function filterForm(pageQuery: URLSearchParams, onApply: (query: URLSearchParams) => void): FilterForm {
  const value = (name: FilterField) => pageQuery.get(name) ?? '';
  const inputs = new Map<FilterField, HTMLInputElement | HTMLSelectElement>();
  const errors = new Map<FilterField, HTMLElement>();

  const field = (name: FilterField, label: string, control: HTMLInputElement | HTMLSelectElement, wide = false) => {
    control.name = name;
    control.id = `filter-${name}`;
    inputs.set(name, control);
    const error = h('span', { class: 'field-error', id: `filter-${name}-error`, role: 'alert' });
    errors.set(name, error);
    return h('div', { class: wide ? 'field wide' : 'field' }, h('label', { for: control.id }, label), control, error);
  };
  const text = (name: FilterField, placeholder: string) => h('input', { type: 'text', value: value(name), placeholder, spellcheck: 'false' });

  // The plan's operations arrive after the form is on screen; the one in the URL is offered at once.
  const operation = h('select', null, h('option', { value: '' }, 'any'), value('operation') ? h('option', { value: value('operation'), selected: true }, value('operation')) : null);
  const pathMode = h('select', { 'aria-label': 'Path match' }, h('option', { value: 'glob' }, 'glob'), h('option', { value: 'regex', selected: value('path_mode') === 'regex' }, 'regex'));
  pathMode.name = 'path_mode';
  inputs.set('path_mode', pathMode);

  const form = h(
    'form',
    { class: 'filters card', role: 'search' },
    field('q', 'Text (path, query, bodies)', text('q', 'e.g. out of stock'), true),
    field('method', 'Method', text('method', 'GET,POST')),
    field('status', 'Status', text('status', '4xx,500-504')),
    field('operation', 'Operation', operation),
    h(
      'div',
      { class: 'field wide' },
      h('label', { for: 'filter-path' }, 'Path'),
      h('div', { class: 'joined' }, pathMode, (() => {
        const input = text('path', '/v1/books/*');
        input.name = 'path';
        input.id = 'filter-path';
        inputs.set('path', input);
        return input;
      })()),
      (() => {
        const error = h('span', { class: 'field-error', id: 'filter-path-error', role: 'alert' });
        errors.set('path', error);
        return error;
      })(),
    ),
    field('session_id', 'Session', text('session_id', 'X-Test-Session')),
    field('correlation_id', 'Correlation id', text('correlation_id', 'X-Correlation-Id')),
    field('time_from', 'From', h('input', { type: 'datetime-local', step: '1', value: value('time_from') })),
    field('time_to', 'To', h('input', { type: 'datetime-local', step: '1', value: value('time_to') })),
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('button', { type: 'reset' }, 'Clear'),
    ),
  );

  const collect = () => {
    const out = new URLSearchParams();
    for (const [name, input] of inputs) {
      const v = input.value.trim();
      if (v !== '' && !(name === 'path_mode' && (v === 'glob' || !inputs.get('path')?.value.trim()))) out.set(name, v);
    }
    return out;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply(collect());
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    onApply(new URLSearchParams());
  });

  return {
    form,
    setOperations(ids) {
      const chosen = value('operation');
      operation.replaceChildren(h('option', { value: '' }, 'any'), ...ids.map((id) => h('option', { value: id, selected: id === chosen }, id)));
      if (chosen && !ids.includes(chosen)) operation.append(h('option', { value: chosen, selected: true }, chosen));
    },
    showErrors(items) {
      const rest: ProblemItem[] = [];
      for (const [name, el] of errors) {
        el.textContent = '';
        inputs.get(name)?.removeAttribute('aria-invalid');
      }
      for (const item of items) {
        const name = fieldOf(item.location);
        const el = name ? errors.get(name) : undefined;
        if (!name || !el) {
          rest.push(item);
          continue;
        }
        el.textContent = item.message;
        inputs.get(name)?.setAttribute('aria-invalid', 'true');
        inputs.get(name)?.setAttribute('aria-describedby', el.id);
      }
      return rest;
    },
  };
}
