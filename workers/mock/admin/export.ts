/**
 * GET /api/export: the log, filtered like search, oldest first, as NDJSON, CSV or HAR. The body is
 * a stream that reads one keyset page from D1 each time the client is ready for more, so a log of
 * any size passes through in constant memory.
 */
import { logs } from '../../../src/admin-api';
import { pageLogsAfter } from '../../../src/db/export';
import { matchPaths } from '../../../src/db/log-where';
import { EXPORT_FORMATS } from '../../../src/logs/export';
import { toLogFilter } from '../../../src/logs/filters';
import { type AdminApp, mount } from './mount';
import { ADMIN_BAD_REQUEST, problemResponse } from './problems';
import { parseQuery } from './validate';

const PAGE = 500;

export function registerExportRoutes(app: AdminApp): void {
  mount(app, logs.exportLogs, async (c) => {
    const query = parseQuery(logs.exportLogs.query, c.req.raw);
    if (query instanceof Response) return query;
    const filter = toLogFilter(query);
    const paths = await matchPaths(c.env.DB, c.env.MOCK_ID, filter);
    if (!paths.ok) return problemResponse(ADMIN_BAD_REQUEST, 'The path pattern cannot be applied.', [{ location: filter.pathRegex ? 'query/path_regex' : 'query/path_glob', message: paths.reason }]);
    const format = EXPORT_FORMATS[query.format];
    const db = c.env.DB;
    const mock = c.env.MOCK_ID;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const encoder = new TextEncoder();
    let after: string | null = null;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const head = format.head();
        if (head !== '') controller.enqueue(encoder.encode(head));
      },
      async pull(controller) {
        const want = Math.min(PAGE, limit - sent);
        const page = want > 0 ? await pageLogsAfter(db, mock, filter, paths.paths, after, want) : [];
        let chunk = '';
        for (const log of page) chunk += format.item(log, sent++);
        if (chunk !== '') controller.enqueue(encoder.encode(chunk));
        if (page.length > 0) after = page[page.length - 1].id;
        if (page.length < want || sent >= limit) {
          const tail = format.tail();
          if (tail !== '') controller.enqueue(encoder.encode(tail));
          controller.close();
        }
      },
    });
    return new Response(body, {
      headers: { 'content-type': format.contentType, 'content-disposition': `attachment; filename="${mock}-requests.${format.extension}"`, 'cache-control': 'no-store' },
    });
  });
}
