/**
 * The admin web page in a real headless Chromium against the real local stack: sign in with the
 * token, see a request that was just made, open it; nothing is loaded from anywhere but the
 * admin origin.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './helpers/browser';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];

describe.skipIf(!CHROMIUM)('admin web page (headless Chromium)', () => {
  beforeAll(async () => {
    [stack, browser] = await Promise.all([compileOrThrow(BOOKSHOP).then((plan) => startTestStack([{ name: 'uishop', plan }])), launchChromium()]);
    mock = stack.mocks.uishop;
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('request', (req) => requested.push(req.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.dispose();
  });

  it('serves the page without a token, with a strict content security policy', async () => {
    const res = await fetch(`${mock.adminUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain(mock.token);
    const script = /src="([^"]+)"/.exec(html)![1];
    const js = await fetch(mock.adminUrl + script);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
  });

  it('refuses a wrong token, signs in with the right one and keeps it for the session', async () => {
    await page.goto(`${mock.adminUrl}/`);
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('.login-message')).toContain('not valid');

    await page.fill('#token', mock.token);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav.nav a.active[data-section=dashboard]');
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await page.waitForSelector('text=Bookshop');

    await page.reload();
    await page.waitForSelector('nav.nav');
    expect(await page.$('#token')).toBeNull();
  });

  it('shows a request that was just made, and its detail', async () => {
    const res = await fetch(`${mock.url}/books?limit=2&probe=ui-e2e`, { headers: { 'x-test-session': 'ui-session', 'x-correlation-id': 'ui-corr-1' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ title: string }> };
    await waitForLogCount(mock, 1);

    await page.click('nav.nav a[data-section=requests]');
    const row = page.locator('table.log tbody tr', { hasText: 'probe=ui-e2e' });
    await row.waitFor();
    expect(await row.textContent()).toContain('200');
    expect(await row.textContent()).toContain('listBooks');
    const link = row.locator('a');

    await link.click();
    const detail = page.locator('[data-testid=request-detail]');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('ui-corr-1');
    expect(await detail.textContent()).toContain('ui-session');
    expect(await page.textContent('[data-testid=response-body]')).toContain(body.items[0].title);
    expect(new URL(page.url()).pathname).toMatch(/^\/ui\/requests\/[0-9A-Z]{26}$/);

    await page.goBack();
    await link.waitFor();
  });

  it('changes a switch from the settings page', async () => {
    await page.click('nav.nav a[data-section=settings]');
    await page.uncheck('#setting-validateRequests');
    await page.waitForSelector('.save-status .ok');
    expect(await (await mock.admin('/api/settings')).json()).toMatchObject({ validateRequests: false });
    await page.check('#setting-validateRequests');
    await page.waitForSelector('.save-status .ok:has-text("on")');
    expect(await (await mock.admin('/api/settings')).json()).toMatchObject({ validateRequests: true });
  });

  it('loaded nothing from outside the admin origin', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(mock.adminUrl))).toEqual([]);
  });
});
