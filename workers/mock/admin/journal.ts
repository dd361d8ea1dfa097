/**
 * WireMock's request journal on the admin origin (decision 0021): GET/DELETE /__admin/requests,
 * POST /__admin/requests/find and /count. Patterns are matched in the worker (src/logs/journal)
 * over the request side of the newest MAX_SCAN rows of the request log (src/db/journal.ts), with one regex step budget per search.
 */
import type { Hono } from 'hono';
import * as journal from '../../../src/admin-api/routes/journal';
import { journalPage } from '../../../src/db/journal';
import { deleteLogs, listLogs } from '../../../src/db/logs';
import { compileRequestPattern, journalRequestOf, type JournalRow, type LoggedRequest, loggedRequest, type RequestMatcher, serveEvent } from '../../../src/logs/journal';
import { problemType } from '../../../src/problem';
import { RegexBudgetExceeded } from '../../../src/regex';
import type { Env } from '../env';
import { requireToken } from './auth';
import { answer, mount } from './mount';
import { ADMIN_BAD_REQUEST, ADMIN_INVALID, problemResponse, zodItems } from './problems';
import { readJson } from './read-json';

/** Rows a find or count looks at, the newest. */
export const MAX_SCAN = 10_000;
const PAGE = 500;
/** Request-side rows per D1 read during a search (bodies are capped at 16 KiB each in the log). */
const SCAN_PAGE = 1000;
/** Regex steps one search may take in all (about a second or two). */
const SEARCH_STEPS = 20_000_000;
const TOO_COSTLY = problemType('journal-pattern-too-costly', 'The pattern took too long to match', 422);

export function registerJournalRoutes(app: Hono<{ Bindings: Env }>): void {
  app.use('/__admin/*', requireToken());

  mount(app, journal.getJournal, async (c) => {
    const parsed = journal.getJournal.query.safeParse(c.req.query());
    if (!parsed.success) return problemResponse(ADMIN_BAD_REQUEST, 'Query parameters are not valid.', zodItems(parsed.error, 'query'));
    const since = parsed.data.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(parsed.data.since);
    const events = [];
    let total = 0;
    let done = false;
    for (let offset = 0; offset < MAX_SCAN && !done; offset += PAGE) {
      const page = await listLogs(c.env.DB, c.env.MOCK_ID, PAGE, offset);
      total = page.total;
      for (const log of page.items) {
        done = log.ts < since || events.length >= parsed.data.limit;
        if (done) break;
        events.push(serveEvent(log, originOf(log, c.env)));
      }
      if (page.items.length < PAGE) break;
    }
    return answer(journal.getJournal, { requests: events, meta: { total }, requestJournalDisabled: false });
  });

  mount(app, journal.findRequests, async (c) => {
    const requests: LoggedRequest[] = [];
    const failed = await search(c.req.raw, c.env, (log) => requests.push(loggedRequest(log, originOf(log, c.env))));
    return failed ?? answer(journal.findRequests, { requests });
  });

  mount(app, journal.countRequests, async (c) => {
    let count = 0;
    const failed = await search(c.req.raw, c.env, () => count++);
    return failed ?? answer(journal.countRequests, { count });
  });

  mount(app, journal.resetJournal, async (c) => {
    await deleteLogs(c.env.DB, c.env.MOCK_ID);
    return new Response(null, { status: 200 });
  });
}

/** Calls `found` for each match, newest first; a problem response when the pattern is refused. */
async function search(request: Request, env: Env, found: (log: JournalRow) => void): Promise<Response | null> {
  const body = await readJson(request, 64 * 1024);
  if (!body.ok) return body.response;
  const pattern = compileRequestPattern(body.value);
  if (!pattern.ok) return problemResponse(ADMIN_INVALID, 'The body is not a request pattern this journal supports (see the README: "WireMock-compatible journal").', pattern.errors);
  try {
    await scan(env, pattern.match, found);
    return null;
  } catch (error) {
    if (error instanceof RegexBudgetExceeded) return problemResponse(TOO_COSTLY, `The pattern's regexes took more than ${SEARCH_STEPS} steps over the log; narrow them (a method or urlPath first).`);
    throw error;
  }
}

async function scan(env: Env, match: RequestMatcher, found: (log: JournalRow) => void): Promise<void> {
  const budget = { left: SEARCH_STEPS };
  let before: string | null = null;
  for (let seen = 0; seen < MAX_SCAN; ) {
    const page = await journalPage(env.DB, env.MOCK_ID, before, Math.min(SCAN_PAGE, MAX_SCAN - seen));
    for (const row of page) if (match(journalRequestOf(row), budget)) found(row);
    seen += page.length;
    if (page.length < SCAN_PAGE) break;
    before = page[page.length - 1].id;
  }
}

/** The mock's origin as the client addressed it (the Host it sent). */
function originOf(log: JournalRow, env: Env): string {
  const host = log.requestHeaders.host;
  if (host === undefined) return '';
  const scheme = log.requestHeaders['x-forwarded-proto'] ?? (env.ADMIN_HOST || env.ADMIN_PATH_PREFIX ? 'https' : 'http');
  return `${scheme}://${host}`;
}
