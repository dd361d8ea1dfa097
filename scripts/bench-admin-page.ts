/**
 * `npm run bench:ui`: figures for the admin web page, not a test. On the real local stack with
 * BENCH_UI_ROWS logged requests (default 10,000), in headless Chromium, medians of BENCH_UI_RUNS
 * (default 5) fresh page loads, each measured from navigation to the view's content on screen:
 *  - the dashboard's figures and charts (GET /api/logs/analyze over everything logged),
 *  - the request log's first page (GET /api/logs/search),
 *  - a text search over path, query and bodies,
 *  - one exchange's detail view (GET /api/logs/{id}).
 * Also the size of the page's script and style sheet, plain and gzipped.
 */
import { gzipSync } from 'node:zlib';
import { bundleAdminUi } from '../cli/admin-ui-plugin';
import { PROJECT_ROOT } from '../cli/build-worker';
import { launchChromium } from '../test/helpers/browser';
import { BOOKSHOP, compileOrThrow, startTestStack, waitForLogCount } from '../test/helpers/stack';

const ROWS = Number(process.env.BENCH_UI_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ui = await bundleAdminUi(PROJECT_ROOT);
console.log(`page assets: script ${ui.js.length} B (${gzipSync(ui.js).length} B gzipped), style ${ui.css.length} B (${gzipSync(ui.css).length} B gzipped)`);

const stack = await startTestStack([{ name: 'benchui', plan: await compileOrThrow(BOOKSHOP) }]);
const browser = await launchChromium();
try {
  const mock = stack.mocks.benchui;
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < ROWS) {
        const i = next++;
        const path = i % 10 === 9 ? `/books/not-a-uuid-${i}` : `/books?limit=${(i % 20) + 1}&n=${i}`;
        await (await fetch(`${mock.url}${path}`, { headers: { 'x-test-session': `s${i % 8}` } })).arrayBuffer();
      }
    }),
  );
  await waitForLogCount(mock, ROWS, 60_000);
  const sample = ((await (await mock.admin('/api/requests?limit=1')).json()) as { items: Array<{ id: string }> }).items[0].id;

  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${mock.adminUrl}/`);
  await page.fill('#token', mock.token);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav.nav');

  const views: Array<[string, string, string]> = [
    ['dashboard (everything logged)', '/ui/?window=all', 'svg.chart.lines'],
    ['request log, first page', '/ui/requests', 'table.log tbody tr'],
    ['text search "n=77"', '/ui/requests?q=n%3D77', 'table.log tbody tr mark'],
    ['one exchange', `/ui/requests/${sample}`, '[data-testid=request-detail]'],
  ];
  console.log(`\n${ROWS} logged requests, median of ${RUNS} page loads (navigation → content on screen):`);
  for (const [label, path, selector] of views) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      await page.goto(mock.adminUrl + path);
      await page.waitForSelector(selector);
      times.push(performance.now() - start);
    }
    console.log(`  ${label.padEnd(32)} ${median(times).toFixed(0).padStart(6)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
  }
} finally {
  await browser.close();
  await stack.dispose();
}
