/** Sign-in: the token is checked against the API once, then kept in sessionStorage. */
import { ApiError, adminToken, apiResponse } from '../api';
import { h } from '../dom';
import { errorBox } from '../widgets';

export function loginView(onSignedIn: () => void, notice?: string): HTMLElement {
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'current-password', required: true, autofocus: true, spellcheck: 'false' });
  const message = h('div', { class: 'login-message', 'aria-live': 'polite' }, notice ? h('p', { class: 'error', role: 'alert' }, notice) : null);
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login card', novalidate: true },
    h('h1', null, 'MockLoop admin'),
    h('p', { class: 'muted' }, 'Enter the admin token that ', h('code', null, 'mockloop mock'), ' printed. It stays in this browser tab only.'),
    h('label', { for: 'token' }, 'Admin token'),
    input,
    submit,
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      message.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Enter the token.'));
      return;
    }
    submit.disabled = true;
    adminToken.set(token);
    try {
      await apiResponse('/api/settings');
      onSignedIn();
    } catch (error) {
      adminToken.clear();
      message.replaceChildren(
        error instanceof ApiError && error.status === 401 ? h('p', { class: 'error', role: 'alert' }, 'That token is not valid for this mock.') : errorBox(error),
      );
    } finally {
      submit.disabled = false;
    }
  });
  return h('main', { class: 'login-page' }, form);
}
