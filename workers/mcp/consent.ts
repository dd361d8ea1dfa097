/**
 * The OAuth authorize step: a small consent page. Approving a client needs the operator secret
 * (OPERATOR_SECRET), so only whoever runs this server can let an assistant in.
 */
import { AuthorizationError, CimdFetchError, type ConsentDescription, type OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { CREDENTIAL_LIMITS, clientKey, createFailureLimiter, tooManyFailures } from '../../src/limits';
import { secretMatches } from './tokens';

/** Wrong operator secrets per client of this isolate: the secret cannot be guessed from one consent form. */
const secretFailures = createFailureLimiter(CREDENTIAL_LIMITS);

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `deployed`: behind Cloudflare, whose CF-Connecting-IP tells clients apart (see clientKey). */
export async function handleAuthorize(request: Request, oauth: OAuthHelpers, operatorSecret: string | undefined, deployed = false): Promise<Response> {
  if (!operatorSecret) return page('OAuth is not enabled', '<p>This server has no operator secret (OPERATOR_SECRET), so no client can be authorised. Use the static bearer token instead.</p>', 503);
  try {
    if (request.method === 'GET') {
      const authRequest = await oauth.parseAuthRequest(request);
      const details = await oauth.describeConsent(authRequest);
      const consent = await oauth.beginConsent(authRequest);
      consent.headers.set('content-type', 'text/html; charset=utf-8');
      return new Response(consentPage(details, consent.handle), { headers: consent.headers });
    }
    if (request.method === 'POST') {
      const form = await request.formData();
      const handle = String(form.get('handle') ?? '');
      if (form.get('decision') !== 'approve') {
        const denied = await oauth.denyConsent(request, handle);
        return new Response(null, { status: 302, headers: denied.headers });
      }
      // Checked before the handle is used, so a mistyped secret can be retried from the same page —
      // a few times: past the limit the form answers 429 whatever is typed.
      const client = clientKey(request.headers, deployed);
      const wait = secretFailures.retryAfter(client, Date.now());
      if (wait !== undefined) return tooManyFailures('operator secrets', wait);
      if (!(await secretMatches(String(form.get('operator_secret') ?? ''), operatorSecret))) {
        secretFailures.failed(client, Date.now());
        return page('Wrong operator secret', '<p>The operator secret is not right. Go back and try again.</p>', 403);
      }
      const approved = await oauth.approveConsent(request, handle);
      const { redirectTo } = await oauth.completeAuthorization({
        request: approved.request,
        userId: 'operator',
        metadata: { approvedAt: new Date().toISOString() },
        scope: approved.request.scope,
        props: { caller: `oauth:${approved.request.clientId}` },
      });
      approved.headers.set('location', redirectTo);
      return new Response(null, { status: 302, headers: approved.headers });
    }
    return page('Method not allowed', '<p>Use GET or POST.</p>', 405);
  } catch (error) {
    if (error instanceof AuthorizationError && error.redirectTo) return Response.redirect(error.redirectTo, 302);
    if (error instanceof AuthorizationError) return page('Authorization failed', `<p>${escapeHtml(error.description ?? error.message)}</p>`, 400);
    if (error instanceof CimdFetchError) return page('Authorization failed', '<p>This app could not be verified.</p>', 400);
    throw error;
  }
}

function consentPage(details: ConsentDescription, handle: string): string {
  const name = escapeHtml(details.clientName);
  const origin = details.clientDomain ? `Published by <strong>${escapeHtml(details.clientDomain)}</strong>.` : 'This app registered itself; its name is not verified.';
  const local = details.redirectIsLoopback ? '<p><strong>This sends access to an app on this computer.</strong> Continue only if you just started signing in from it.</p>' : '';
  return html(
    `Authorize ${name}`,
    `<h1>Allow ${name} to use MockLoop Edge?</h1>
<p>${origin} Access will be sent to <strong>${escapeHtml(details.redirectHost)}</strong>.</p>
${local}
<p>It will be able to create, start and stop mocks, read their logs and use contexts.</p>
<form method="post">
  <input type="hidden" name="handle" value="${escapeHtml(handle)}">
  <p><label>Operator secret <input type="password" name="operator_secret" autocomplete="off" required></label></p>
  <p><button name="decision" value="approve">Allow</button> <button name="decision" value="deny" formnovalidate>Deny</button></p>
</form>`,
  );
}

function page(title: string, body: string, status: number): Response {
  return new Response(html(title, `<h1>${escapeHtml(title)}</h1>${body}`), { status, headers: { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' } });
}

function html(title: string, body: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.4rem 1rem}</style>
<body>${body}</body></html>`;
}
