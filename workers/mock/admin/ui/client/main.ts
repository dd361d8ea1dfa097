/**
 * The admin page's entry: sign-in, the frame (header and navigation) and client-side routing
 * under /ui/. Plain DOM, no framework: the whole page is one small script.
 */
import { withBase, withoutBase } from './base';
import './style.css';
import { adminToken, UNAUTHORIZED_EVENT } from './api';
import { h, replace } from './dom';
import { match, type Route } from './router';
import type { Health } from './types';
import { dashboardRoute } from './views/dashboard';
import { loadRoute } from './views/load';
import { loadRunRoute } from './views/load-run';
import { loginView } from './views/login';
import { planRoute } from './views/plan';
import { probeRunRoute, probesRoute } from './views/probes';
import { requestDetailRoute } from './views/request-detail';
import { requestsRoute } from './views/requests';
import { scenarioEditorRoute } from './views/scenario-editor';
import { scenariosRoute } from './views/scenarios';
import { sessionDetailRoute } from './views/session-detail';
import { sessionsRoute } from './views/sessions';
import { settingsRoute } from './views/settings';
import { webhooksRoute } from './views/webhooks';
import { errorBox } from './widgets';

const ROUTES: Route[] = [dashboardRoute, requestsRoute, requestDetailRoute, sessionsRoute, sessionDetailRoute, scenariosRoute, scenarioEditorRoute, planRoute, probesRoute, probeRunRoute, loadRoute, loadRunRoute, webhooksRoute, settingsRoute];

const NAV: Array<{ section: string; label: string; href: string }> = [
  { section: 'dashboard', label: 'Dashboard', href: '/ui/' },
  { section: 'requests', label: 'Requests', href: '/ui/requests' },
  { section: 'scenarios', label: 'Scenarios', href: '/ui/scenarios' },
  { section: 'sessions', label: 'Sessions', href: '/ui/sessions' },
  { section: 'plan', label: 'Plan', href: '/ui/plan' },
  { section: 'webhooks', label: 'Webhooks', href: '/ui/webhooks' },
  { section: 'load', label: 'Load', href: '/ui/load' },
  { section: 'security', label: 'Security', href: '/ui/security' },
  { section: 'settings', label: 'Settings', href: '/ui/settings' },
];

let current: AbortController | null = null;
let frame: { main: HTMLElement; nav: HTMLElement } | null = null;

function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', withBase(path));
  else history.pushState(null, '', withBase(path));
  void show();
}

function signOut(notice?: string): void {
  adminToken.clear();
  current?.abort();
  frame = null;
  document.body.replaceChildren(loginView(() => void show(), notice));
}

function buildFrame(): { main: HTMLElement; nav: HTMLElement } {
  const mockName = h('span', { class: 'mock-name' });
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': 'Sections' },
    NAV.map((item) => h('a', { href: item.href, 'data-section': item.section }, item.label)),
  );
  const main = h('main', { id: 'view' });
  const header = h(
    'header',
    { class: 'top' },
    h('a', { href: '/ui/', class: 'brand' }, 'MockLoop'),
    mockName,
    nav,
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'link', onclick: () => signOut() }, 'Sign out'),
  );
  document.body.replaceChildren(header, main);
  fetch(withBase('/health'))
    .then((res) => res.json() as Promise<Health>)
    .then((health) => {
      mockName.textContent = health.mock;
      document.title = `${health.mock} · MockLoop admin`;
    })
    .catch(() => undefined);
  return { main, nav };
}

async function show(): Promise<void> {
  if (withoutBase(location.pathname) === '/' || location.pathname === '') history.replaceState(null, '', withBase(`/ui/${location.search}`));
  if (!adminToken.get()) {
    signOut();
    return;
  }
  frame ??= buildFrame();
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const found = match(ROUTES, withoutBase(location.pathname));
  for (const link of frame.nav.querySelectorAll('a')) {
    link.classList.toggle('active', link.dataset.section === found?.route.section);
  }
  if (!found) {
    replace(frame.main, h('h1', null, 'Not found'), h('p', null, 'No page here. ', h('a', { href: '/ui/' }, 'Go to the dashboard.')));
    return;
  }
  try {
    const node = await found.route.render({ params: found.params, query: new URLSearchParams(location.search), signal: controller.signal, navigate });
    if (current === controller) replace(frame.main, node);
  } catch (error) {
    if (current === controller) replace(frame.main, errorBox(error));
  }
}

/** Same-origin links under /ui/ stay in the page. */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  const path = withoutBase(url.pathname);
  if (url.origin !== location.origin || !path.startsWith('/ui')) return;
  event.preventDefault();
  navigate(path + url.search);
});

window.addEventListener('popstate', () => void show());
// While signing in the form reports a refused token itself.
window.addEventListener(UNAUTHORIZED_EVENT, () => frame && signOut('The admin token was refused; sign in again.'));

void show();
