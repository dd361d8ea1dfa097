/**
 * The admin web page in a real headless Chromium against the real local stack: sign in with the
 * token, see a request that was just made, open it; nothing is loaded from anywhere but the
 * admin origin.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEngine, startEngine } from '../cli/engine-runtime';
import { CHROMIUM, launchChromium } from './helpers/browser';
import { engineBinding } from './helpers/engine';
import { BOOKSHOP, compileOrThrow, startTestStack, type TestMock, type TestStack, waitForLogCount } from './helpers/stack';

let stack: TestStack;
let mock: TestMock;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let engine: RunningEngine;
/** The mocks' ENGINE binding: no engine behind it until the load-run tests attach one. */
const engineLink = engineBinding();
const requested: string[] = [];

/** Clicks what starts a download and reads the downloaded file. */
async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

describe.skipIf(!CHROMIUM)('admin web page (headless Chromium)', () => {
  beforeAll(async () => {
    [stack, browser, engine] = await Promise.all([
      compileOrThrow(BOOKSHOP).then((plan) => startTestStack([{ name: 'uishop', plan }], { engine: engineLink.binding })),
      launchChromium(),
      startEngine({ mockHosts: '127.0.0.1' }),
    ]);
    mock = stack.mocks.uishop;
    context = await browser.newContext();
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('request', (req) => requested.push(req.url()));
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([stack?.dispose(), engine?.dispose()]);
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
    // Synthesised (seeded) data, so the body differs from the plain example served without it.
    const res = await fetch(`${mock.url}/books?limit=2&probe=ui-e2e&__dynamic=true&__seed=7`, { headers: { 'x-test-session': 'ui-session', 'x-correlation-id': 'ui-corr-1' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ title: string }> };
    await waitForLogCount(mock, 1);

    await page.click('nav.nav a[data-section=requests]');
    const row = page.locator('table.log tbody tr', { hasText: 'probe=ui-e2e' });
    await row.waitFor();
    expect(await row.textContent()).toContain('200');
    expect(await row.textContent()).toContain('listBooks');
    const link = row.locator('td.path a');

    await link.click();
    const detail = page.locator('[data-testid=request-detail]');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('ui-corr-1');
    expect(await detail.textContent()).toContain('ui-session');
    expect(await page.textContent('[data-testid=response-body]')).toContain(body.items[0].title);
    expect(new URL(page.url()).pathname).toMatch(/^\/ui\/requests\/[0-9A-Z]{26}$/);

    const curl = await page.textContent('[data-testid=curl]');
    expect(curl).toContain(`curl '${mock.url}/books?limit=2&probe=ui-e2e&__dynamic=true&__seed=7'`);
    expect(curl).toContain(`-H 'x-test-session: ui-session'`);

    // Pin the logged response as an override, see the mock serve it, then remove it on the scenarios page.
    await page.click('[data-testid=pin-response]');
    await page.waitForSelector('text=now answers this response');
    expect(await (await fetch(`${mock.url}/books`)).json()).toEqual(body);
    await page.click('a:has-text("See or remove the override")');
    await page.click('table.overrides button:text-is("Remove")');
    await page.waitForSelector('h2:has-text("Live overrides (0)")');
    expect(await (await fetch(`${mock.url}/books`)).json()).not.toEqual(body);
    await page.goBack();
    await page.waitForSelector('[data-testid=request-detail]');

    await page.click('.related a:has-text("session")');
    await page.waitForSelector('table.log tbody tr');
    expect(new URL(page.url()).searchParams.get('session_id')).toBe('ui-session');
    expect(await page.inputValue('#filter-session_id')).toBe('ui-session');
  });

  it('filters the log, marks where a text matched and names a bad filter', async () => {
    await fetch(`${mock.url}/no-such-path`);
    const order = await fetch(`${mock.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ note: 'needle-in-the-body' }) });
    await order.arrayBuffer();
    await waitForLogCount(mock, 3);

    await page.goto(`${mock.adminUrl}/ui/requests`);
    await page.fill('#filter-status', '4xx');
    await page.click('form.filters button[type=submit]');
    // The unfiltered table stays until the filtered one replaces it: wait for a table of 4xx only.
    const statuses = () => page.locator('table.log tbody tr td:nth-child(4)').allTextContents();
    await expect.poll(async () => (await statuses()).map((s) => s.trim()[0]).join('')).toMatch(/^4+$/);
    await page.waitForSelector('table.log tbody tr:has-text("/no-such-path")');
    expect(new URL(page.url()).searchParams.get('status')).toBe('4xx');

    const har = await downloaded(() => page.click('.export-bar button:text-is("HAR")'));
    expect(har.name).toBe('uishop-requests.har');
    const entries = (JSON.parse(har.text) as { log: { entries: Array<{ response: { status: number } }> } }).log.entries;
    expect(entries.length).toBe((await statuses()).length);
    expect(entries.every((e) => e.response.status >= 400 && e.response.status < 500)).toBe(true);

    await page.click('form.filters button[type=reset]');
    // The cleared search is a new view with a new form: wait for it before typing.
    await expect.poll(() => page.inputValue('#filter-status')).toBe('');
    await page.fill('#filter-q', 'needle-in');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('table.log tbody tr mark:has-text("needle-in")');
    expect(await page.locator('table.log tbody tr').count()).toBe(1);

    await page.fill('#filter-status', 'teapot');
    await page.click('form.filters button[type=submit]');
    await expect.poll(() => page.textContent('#filter-status-error')).toMatch(/teapot/);
    expect(await page.getAttribute('#filter-status', 'aria-invalid')).toBe('true');
  });

  it('opens a test session, shows its traffic and ends it', async () => {
    await page.click('nav.nav a[data-section=sessions]');
    await page.fill('#session-name', 'ui run');
    await page.fill('#session-id', 'ui-run-1');
    await page.fill('#session-metadata', '{"pipeline": "ci"}');
    await page.click('form.stack-form button[type=submit]');
    await page.waitForSelector('[data-testid=session-detail] h1:has-text("ui run")');
    expect(new URL(page.url()).pathname).toBe('/ui/sessions/ui-run-1');

    for (const path of ['/books', '/no-such-path']) await (await fetch(`${mock.url}${path}`, { headers: { 'x-test-session': 'ui-run-1' } })).arrayBuffer();
    await expect.poll(async () => ((await (await mock.admin('/api/sessions/ui-run-1')).json()) as { requests: number }).requests).toBe(2);
    await page.reload();
    const tiles = page.locator('[data-testid=session-detail] .tile');
    await tiles.first().waitFor();
    expect(await tiles.first().textContent()).toContain('2requests');
    expect(await page.textContent('[data-testid=session-detail]')).toContain('50.0%');
    expect(await page.locator('svg.chart title').first().textContent()).toBe('Requests by status');

    await page.click('button:has-text("End session")');
    await page.waitForSelector('[data-testid=session-detail] .pill.ended');

    await page.click('button:text-is("Show report")');
    const report = page.frameLocator('iframe[data-testid=report]');
    await report.locator('svg').first().waitFor();
    expect(await report.locator('body').textContent()).toContain('ui run');
    const csv = await downloaded(() => page.click('button:text-is("Download CSV")'));
    expect(csv.name).toBe('uishop-ui-run-1-report.csv');
    expect(csv.text).toContain('listBooks');

    await page.click('nav.nav a[data-section=sessions]');
    await page.fill('#session-id', 'ui-run-1');
    await page.click('form.stack-form button[type=submit]');
    await expect.poll(() => page.textContent('form.stack-form [role=alert]')).toContain('already exists');
  });

  it('creates a scenario as JSON, shows why a wrong one is refused, activates it and the mock obeys', async () => {
    await page.click('nav.nav a[data-section=scenarios]');
    await expect.poll(() => page.textContent('[data-testid=active-scenario]')).toContain('none');
    await page.click('a:has-text("New scenario")');
    const editor = page.locator('#scenario-json');
    await editor.waitFor();
    await expect.poll(() => page.textContent('#scenario-check')).toContain('Valid');

    await editor.fill('{"name": "ui-fixed", "rules": [');
    await expect.poll(() => page.textContent('#scenario-check')).toContain('Not JSON');

    const scenario = { name: 'ui-fixed', description: 'made in the browser', rules: [{ endpoint: '/books', method: 'GET', status: 418 }] };
    await editor.fill(JSON.stringify(scenario));
    await page.waitForSelector('#scenario-check [data-testid=scenario-errors]');
    expect(await page.textContent('#scenario-check')).toMatch(/rules\/0\/status.*418/);

    const fixed = { items: [], note: 'steered from the admin page' };
    await editor.fill(JSON.stringify({ ...scenario, rules: [{ endpoint: '/books', method: 'GET', status: 200, new_response: fixed }] }));
    await expect.poll(() => page.textContent('#scenario-check')).toContain('Valid');
    await page.click('#scenario-save-activate');
    await page.waitForSelector('tr[data-name=ui-fixed] .pill.active');
    expect(await page.textContent('[data-testid=active-scenario]')).toContain('ui-fixed');

    const steered = await fetch(`${mock.url}/books`);
    expect(steered.status).toBe(200);
    expect(await steered.json()).toEqual(fixed);

    await page.click('tr[data-name=ui-fixed] button:has-text("Deactivate")');
    await page.waitForSelector('tr[data-name=ui-fixed] button:text-is("Activate")');
    const plain = (await (await fetch(`${mock.url}/books`)).json()) as { items: unknown[] };
    expect(plain.items.length).toBeGreaterThan(0);

    // Only one test session's requests see it when activated for that session.
    await page.fill('#scope-session', 'iso-1');
    await page.click('form.scope button[type=submit]');
    await page.waitForSelector('text=has no state of its own yet');
    await page.click('tr[data-name=ui-fixed] button:text-is("Activate")');
    await page.waitForSelector('tr[data-name=ui-fixed] .pill.active:has-text("session iso-1")');
    expect(await (await fetch(`${mock.url}/books`, { headers: { 'x-test-session': 'iso-1' } })).json()).toEqual(fixed);
    expect(await (await fetch(`${mock.url}/books`)).json()).toEqual(plain);
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

  it('switches stateful CRUD on and off from the settings page', async () => {
    expect(await page.isChecked('#setting-stateful')).toBe(false);
    await page.check('#setting-stateful');
    await page.waitForSelector('.save-status .ok:has-text("Stateful CRUD: on")');
    expect(await (await mock.admin('/api/settings')).json()).toMatchObject({ stateful: true });
    await page.uncheck('#setting-stateful');
    await page.waitForSelector('.save-status .ok:has-text("Stateful CRUD: off")');
    expect(await (await mock.admin('/api/settings')).json()).toMatchObject({ stateful: false });
  });

  it('pauses and resumes the mock from the settings page, and shows what is stored', async () => {
    expect(await page.textContent('main')).toMatch(/Rows: requestLogs\s*\d+/);
    await page.click('button:text-is("Pause")');
    await page.waitForSelector('[data-testid=paused] strong');
    expect((await fetch(`${mock.url}/books`)).status).toBe(503);
    await page.click('button:text-is("Resume")');
    await page.waitForSelector('button:text-is("Pause")');
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

  it('shows traffic, error rate, latency percentiles, charts and top errors on the dashboard', async () => {
    await page.click('nav.nav a[data-section=dashboard]');
    const traffic = page.locator('[data-testid=traffic]');
    await traffic.locator('.tile').first().waitFor();
    const text = (await traffic.textContent()) ?? '';
    const logged = ((await (await mock.admin('/api/requests?limit=1')).json()) as { total: number }).total;
    expect(Number(/([\d,]+)requests/.exec(text)![1].replace(/,/g, ''))).toBeGreaterThanOrEqual(logged - 5);
    expect(text).toMatch(/\d+(\.\d+)?%error rate/);
    expect(text).toMatch(/\d+ msp95 latency/);
    expect(await page.locator('svg.chart.lines').count()).toBe(2);
    const errors = page.locator('[data-testid=top-errors]');
    expect(await errors.textContent()).toContain('404');
    await errors.locator('a:has-text("#1")').first().click();
    await page.waitForSelector('[data-testid=request-detail]');
  });

  it('serves another spec from the plan page, and names the place of a broken one', async () => {
    await page.click('nav.nav a[data-section=plan]');
    await page.fill('#spec-text', 'openapi: 3.0.0\ninfo: {title: Broken, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Nope"}\n');
    await page.click('button:text-is("Serve this spec")');
    await expect.poll(() => page.textContent('.error')).toContain('/paths/~1a/get/responses/200/$ref');
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);

    const original = await readFile(BOOKSHOP, 'utf8');
    await page.fill('#spec-text', original.replace(/title: .*/, 'title: Bookshop renamed in the page'));
    await page.click('button:text-is("Serve this spec")');
    await page.waitForSelector('h1:has-text("Bookshop renamed in the page")');
    expect(((await (await mock.admin('/api/plan')).json()) as { title: string }).title).toBe('Bookshop renamed in the page');
    expect((await fetch(`${mock.url}/books`)).status).toBe(200);
  });

  it('starts a probe run from the security page, lists it with its findings and opens one', async () => {
    await page.click('nav.nav a[data-section=security]');
    await page.waitForSelector('h1:has-text("Security probes")');
    await page.click('button:text-is("none")');
    await page.check('#check-unsupported-methods');
    await page.check('#check-rate-limit');
    await page.selectOption('#probe-fail-on', 'info');
    await page.click('button:text-is("Run probes")');
    await page.waitForSelector('.done:has-text("findings")', { timeout: 20_000 });

    const { items } = (await (await mock.admin('/api/probes?limit=1')).json()) as { items: Array<{ id: string; status: string; summary: { requests: number; findings: number; bySeverity: Record<string, number> } }> };
    const run = items[0];
    expect(run.summary.findings).toBeGreaterThan(0);
    const row = page.locator(`table.probe-runs tbody tr[data-id="${run.id}"]`);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(run.status);
    expect(text).toContain(`${run.summary.requests}`);
    for (const [severity, n] of Object.entries(run.summary.bySeverity)) expect(text).toContain(`${n} ${severity}`);

    await row.locator('a').click();
    await page.waitForSelector('[data-testid=probe-run]');
    expect(new URL(page.url()).pathname).toBe(`/ui/security/${run.id}`);
    const findings = page.locator('details.finding');
    expect(await findings.count()).toBe(run.summary.findings);
    const first = findings.first();
    await first.locator('summary').click();
    await first.locator('[data-testid=finding-curl]').waitFor();
    expect(await first.locator('[data-testid=finding-curl]').textContent()).toMatch(/^curl /);
    expect(await first.textContent()).toMatch(/API\d+/);
    expect(await page.textContent('table.probe-checks')).toContain('rate-limit');
    const junit = await downloaded(() => page.click('button:text-is("JUnit XML")'));
    expect(junit.name).toBe(`probe-${run.id}.xml`);
    expect(junit.text).toContain('<testsuite name="rate-limit"');
  });

  it('says plainly on the load page when the mock has no test engine', async () => {
    await page.click('nav.nav a[data-section=load]');
    const notice = page.locator('[data-testid=load-no-engine]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('--mcp-port');
    expect(await page.$('#load-rate')).toBeNull();
  });

  it('starts a load run from the load page, shows why bad input is refused, follows it to the end with figures, charts and reports', async () => {
    engineLink.attach(engine);
    await page.reload();
    await page.waitForSelector('table.load-runs, .empty:has-text("No load runs yet")');

    // Refused in the page (a stage it cannot read) and by the engine (a threshold, a rate past the cap), each beside its field.
    await page.fill('#load-stages', 'ten seconds');
    await page.click('button:text-is("Start run")');
    await expect.poll(() => page.textContent('#load-stages-error')).toContain('line 1');
    await page.fill('#load-stages', '');
    await page.fill('#load-thresholds', 'p95<60000\nfast please');
    await page.click('button:text-is("Start run")');
    await expect.poll(() => page.textContent('#load-thresholds-error')).toMatch(/line 2: .*not a threshold/);
    expect(await page.getAttribute('#load-thresholds', 'aria-invalid')).toBe('true');
    await page.fill('#load-thresholds', 'p95<60000\nmax<0');
    await page.fill('#load-rate', '1000000');
    await page.click('button:text-is("Start run")');
    await expect.poll(() => page.textContent('#load-rate-error')).toContain('cap');
    expect(await page.textContent('#load-thresholds-error')).toBe('');
    expect(((await (await mock.admin('/api/load-runs')).json()) as { items: unknown[] }).items).toEqual([]);

    await page.fill('#load-rate', '20');
    // A test plan that breaks its schema: the problem beside the plan, by pointer into it.
    await page.fill('#load-testPlan', 'name: bad\nsteps:\n  - name: a\n    request: {path: books}\n');
    await page.click('button:text-is("Start run")');
    await expect.poll(() => page.textContent('#load-testPlan-error')).toMatch(/steps\/0\/request\/path: /);
    expect(((await (await mock.admin('/api/load-runs')).json()) as { items: unknown[] }).items).toEqual([]);
    await page.fill('#load-testPlan', '');
    // The shard count and seed go as asked; a count the API refuses is shown beside its field.
    await page.fill('#load-shards', '0');
    await page.click('button:text-is("Start run")');
    await expect.poll(() => page.textContent('#load-shards-error')).not.toBe('');
    expect(await page.getAttribute('#load-shards', 'aria-invalid')).toBe('true');
    await page.fill('#load-shards', '2');
    await page.fill('#load-seed', 'ui-seed');

    await page.fill('#load-duration', '3');
    await page.click('button:text-is("Start run")');
    const run = page.locator('[data-testid=load-run]');
    await run.waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    // The page polls the run until it ends: a failed threshold (max<0) fails it.
    await page.waitForSelector('[data-testid=load-run] .pill.load-failed', { timeout: 30_000 });
    const api = (await (await mock.admin(`/api/load-runs/${id}`)).json()) as { summary: { metrics: { http_reqs: { values: { count: number } } }; state: { shards: number } } };
    const requests = api.summary.metrics.http_reqs.values.count;
    expect(requests).toBeGreaterThan(0);
    expect(api.summary.state.shards).toBe(2);
    const figures = (await page.textContent('[data-testid=load-figures]')) ?? '';
    expect(figures).toContain(`${requests.toLocaleString('en')}requests`);
    expect(figures).toContain('100%progress');
    expect(figures).toMatch(/\d+(\.\d+)? msp95 latency/);
    expect(figures).toMatch(/\d+\.\d+%failed/);
    const charts = page.locator('[data-testid=load-charts] svg.chart.lines');
    expect(await charts.count()).toBe(3);
    expect(await page.locator('[data-testid=load-charts] svg.chart title').allTextContents()).toEqual(expect.arrayContaining(['Requests per second']));
    expect(await charts.nth(1).locator('polyline').count()).toBe(1);
    const thresholds = (await page.textContent('table.load-thresholds')) ?? '';
    expect(thresholds).toMatch(/p95<60000.*✓ passed/);
    expect(thresholds).toMatch(/max<0.*✗ failed/);
    expect(await page.textContent('table.load-operations')).toContain('GET /books');
    expect(await page.isVisible('button:text-is("Cancel")')).toBe(false);

    await page.click('button:text-is("Show HTML report")');
    const report = page.frameLocator('iframe[data-testid=load-report]');
    await report.locator('svg').first().waitFor();
    expect(await report.locator('body').textContent()).toContain('Latency per second');
    const junit = await downloaded(() => page.click('button:text-is("JUnit XML")'));
    expect(junit.name).toBe(`load-${id}.xml`);
    expect(junit.text).toContain('<testcase');

    await page.click('a:has-text("All load runs")');
    const row = page.locator(`table.load-runs tbody tr[data-id="${id}"]`);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    for (const shown of ['failed', '20/s', requests.toLocaleString('en'), '1 passed · 1 failed']) expect(text).toContain(shown);
  });

  it('cancels a longer (closed-model) run from its page and shows it cancelled', async () => {
    expect(await page.isVisible('#load-vus')).toBe(false);
    await page.selectOption('#load-model', 'closed');
    expect(await page.isVisible('#load-rate')).toBe(false);
    await page.fill('#load-vus', '1');
    await page.fill('#load-duration', '60');
    await page.fill('#load-thresholds', '');
    await page.click('button:text-is("Start run")');
    await page.waitForSelector('[data-testid=load-run] .pill.load-running');
    // Live figures: requests counted while it runs.
    await expect.poll(async () => Number(/([\d,]+)requests/.exec((await page.textContent('[data-testid=load-figures]')) ?? '')?.[1].replace(/,/g, '') ?? 0), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.click('button:text-is("Cancel")');
    await page.waitForSelector('[data-testid=load-run] .pill.load-cancelled');
    expect(await page.isVisible('button:text-is("Cancel")')).toBe(false);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(((await (await mock.admin(`/api/load-runs/${id}`)).json()) as { status: string }).status).toBe('cancelled');
    await page.click('a:has-text("All load runs")');
    expect(await page.textContent(`table.load-runs tbody tr[data-id="${id}"]`)).toContain('1 VU');
  });

  it('runs a test plan from the load page: each iteration its steps, figures per step', async () => {
    await page.fill('#load-rate', '20');
    await page.fill('#load-iterations', '4');
    await page.fill('#load-thresholds', 'get the first book:p95<60000');
    await page.fill('#load-testPlan', await readFile(join(import.meta.dirname, '..', 'examples', 'bookshop-load-plan.yaml'), 'utf8'));
    await page.click('button:text-is("Start run")');
    await page.waitForSelector('[data-testid=load-run] .pill.load-passed', { timeout: 30_000 });
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const api = (await (await mock.admin(`/api/load-runs/${id}`)).json()) as { summary: { metrics: { http_reqs: { values: { count: number } } } } };
    expect(api.summary.metrics.http_reqs.values.count).toBe(8);
    const operations = (await page.textContent('table.load-operations')) ?? '';
    expect(operations).toContain('list books');
    expect(operations).toContain('get the first book');
    expect(await page.textContent('table.load-thresholds')).toMatch(/get the first book:p95<60000.*✓ passed/);
  });

  it('fires a webhook from the webhooks page and lists the delivery', async () => {
    const spec = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Hooks', version: '1' },
      paths: { '/books': { get: { responses: { '200': { description: 'ok' } } } } },
      webhooks: { ping: { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } } }, responses: { '200': { description: 'ok' } } } } },
    });
    expect((await mock.admin('/api/spec', { method: 'PUT', body: spec })).status).toBe(200);
    await page.click('nav.nav a[data-section=webhooks]');
    await page.waitForSelector('h1:has-text("Webhooks")');
    // A private address: refused before anything is sent, so no receiver is needed.
    await page.fill('#webhook-url', 'http://10.1.2.3/hooks');
    await page.click('button:text-is("Fire")');
    const deliveries = async () => {
      await page.reload();
      return page.textContent('table.deliveries');
    };
    await expect.poll(deliveries, { timeout: 10_000 }).toContain('refused');
    expect(await page.textContent('table.deliveries')).toContain('http://10.1.2.3/hooks');
  });

  it('loaded nothing from outside the admin origin', () => {
    expect(requested.length).toBeGreaterThan(0);
    // blob: URLs (the report frame) are made by the page itself and carry its origin.
    expect(requested.filter((url) => !url.replace(/^blob:/, '').startsWith(mock.adminUrl))).toEqual([]);
  });
});
