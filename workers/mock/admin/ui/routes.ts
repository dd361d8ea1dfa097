/**
 * The admin web page, on the admin origin without a token: the page itself holds no data, every
 * call it makes to /api carries the token the user typed in. `/` and `/ui/…` answer the same
 * shell (the page routes in the browser), `/ui/app.js` and `/ui/app.css` its bundled code.
 */
import { ui } from '../../../../src/admin-api';
import { APP_CSS, APP_JS, UI_VERSION } from 'mockloop:admin-ui';
import { adminBaseOf } from '../../admin-prefix';
import { type AdminApp, type AdminContext, mount, pathParam } from '../mount';

/**
 * Only this origin: no inline script, no third-party anything, no framing. Inline styles are
 * allowed because a session report (its own <style>) is shown in a frame made from a blob, and such
 * a frame inherits this policy; the page itself builds its DOM from text nodes only.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page; `base` is '' or the path prefix the admin surface lives under (a checked plain segment). */
function shell(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="mockloop-base" content="${base}">
<link rel="icon" href="data:,">
<title>MockLoop admin</title>
<link rel="stylesheet" href="${base}/ui/app.css?v=${UI_VERSION}">
<script defer src="${base}/ui/app.js?v=${UI_VERSION}"></script>
</head>
<body><noscript>The MockLoop admin page needs JavaScript.</noscript></body>
</html>
`;
}

const PAGE_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function page(c: AdminContext): Response {
  return new Response(shell(adminBaseOf(c.req.raw, c.env.ADMIN_PATH_PREFIX)), { headers: { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
}

function asset(body: string, type: string, request: Request): Response {
  // The shell asks for ?v=<content hash>: such a URL never changes content, so it may be kept for good.
  const versioned = new URL(request.url).searchParams.get('v') === UI_VERSION;
  const headers = {
    ...PAGE_HEADERS,
    'content-type': type,
    etag: `"${UI_VERSION}"`,
    'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}

export function registerAdminUi(app: AdminApp): void {
  mount(app, ui.getAdminPage, (c) => page(c));
  mount(app, ui.getAdminPageRoot, (c) => page(c));
  mount(
    app,
    ui.getAdminPageView,
    (c) => {
      const view = pathParam(c, 'view');
      if (view === 'app.js') return asset(APP_JS, 'text/javascript; charset=utf-8', c.req.raw);
      if (view === 'app.css') return asset(APP_CSS, 'text/css; charset=utf-8', c.req.raw);
      return page(c);
    },
    { view: '.*' },
  );
}
