/** Admin routes over the request log: search and one exchange (analysis, reports and export live beside). */
import type { Hono } from 'hono';
import { getLog } from '../../../src/db/logs';
import { searchLogs } from '../../../src/db/search';
import { searchQuery, toLogFilter } from '../../../src/logs/filters';
import type { Env } from '../env';
import { ADMIN_BAD_REQUEST, ADMIN_NOT_FOUND, problemResponse } from './problems';
import { parseQuery } from './validate';

export function registerLogRoutes(app: Hono<{ Bindings: Env }>): void {
  app.get('/api/logs/search', async (c) => {
    const query = parseQuery(searchQuery, c.req.raw);
    if (query instanceof Response) return query;
    const filter = toLogFilter(query);
    const outcome = await searchLogs(c.env.DB, c.env.MOCK_ID, filter, query.limit, query.offset);
    if (!outcome.ok) return problemResponse(ADMIN_BAD_REQUEST, outcome.reason, [{ location: 'query/path_regex', message: outcome.reason }]);
    return c.json({ total: outcome.total, limit: query.limit, offset: query.offset, items: outcome.items });
  });

  app.get('/api/logs/:id{[0-9A-Za-z]{1,64}}', async (c) => {
    const log = await getLog(c.env.DB, c.env.MOCK_ID, c.req.param('id').toUpperCase());
    return log === null ? problemResponse(ADMIN_NOT_FOUND, `No logged request "${c.req.param('id')}".`) : c.json(log);
  });
}
