/** The synthetic request log of `npm run bench:logs`, written by SQL straight into D1 (see bench-logs.ts). */
export const CHUNK = 50_000;
/** One request every 50 ms: 10^6 rows span about 14 hours. */
export const STEP_MS = 50;
export const BASE_TS = Date.UTC(2026, 10, 20, 0, 0, 0);
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const OPS: Array<[string, string, string]> = [
  ['listBooks', 'GET', "'/v1/books'"],
  ['getBook', 'GET', "'/v1/books/' || (h % 20011)"],
  ['createBook', 'POST', "'/v1/books'"],
  ['replaceBook', 'PUT', "'/v1/books/' || (i % 977)"],
  ['deleteBook', 'DELETE', "'/v1/books/' || (i % 977)"],
  ['listAuthors', 'GET', "'/v1/authors'"],
  ['getAuthor', 'GET', "'/v1/authors/a-' || (i % 131)"],
  ['createOrder', 'POST', "'/v1/orders'"],
  ['getOrder', 'GET', "'/v1/orders/o-' || (i % 5003)"],
  ['createReview', 'POST', "'/v1/books/' || (i % 977) || '/reviews'"],
];

const WORDS = ['dune', 'foundation', 'neuromancer', 'hyperion', 'solaris', 'ubik', 'accelerando', 'anathem'];

/** ULID of ts plus 16 pseudo-random characters from the row number, in SQL. */
function ulidSql(ts: string): string {
  const time = Array.from({ length: 10 }, (_, k) => `substr('${CROCKFORD}', ((${ts}) >> ${(9 - k) * 5}) % 32 + 1, 1)`).join(' || ');
  const rand = Array.from({ length: 16 }, (_, k) => `substr('${CROCKFORD}', ((i * 2654435761 + ${k * 7919}) >> ${k % 11}) % 32 + 1, 1)`).join(' || ');
  return `${time} || ${rand}`;
}

/** Inserts rows [from, to) of the synthetic log in one statement. */
export function fillSql(from: number, to: number): string {
  const op = `(h % ${OPS.length})`;
  // Column 2 of OPS is an SQL expression; 0 and 1 are plain strings.
  const pick = (index: number) => `CASE ${op} ${OPS.map((o, k) => `WHEN ${k} THEN ${index === 2 ? o[2] : `'${o[index]}'`}`).join(' ')} END`;
  // Statuses: 6% 4xx, 1% 5xx, and a burst of 503s in one stretch of rows (an anomaly to find).
  const status = `CASE WHEN (i % 100000) BETWEEN 70000 AND 70600 AND h % 3 = 0 THEN 503 WHEN h % 1000 < 10 THEN 500 + (h % 4) WHEN h % 1000 < 70 THEN (CASE h % 4 WHEN 0 THEN 404 WHEN 1 THEN 422 WHEN 2 THEN 401 ELSE 400 END) WHEN ${op} IN (2, 7, 9) THEN 201 WHEN ${op} = 4 THEN 204 ELSE 200 END`;
  const latency = `CASE WHEN h % 1000 < 5 THEN 200 + (h % 1800) WHEN h % 100 < 10 THEN 5 + (h % 60) ELSE h % 6 END`;
  const word = `(CASE (h / 7) % ${WORDS.length} ${WORDS.map((w, k) => `WHEN ${k} THEN '${w}'`).join(' ')} END)`;
  return `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${to}),
    r AS (SELECT i, (i * 2654435761 + (i >> 3) * 40503) % 4294967291 AS h, ${BASE_TS} + i * ${STEP_MS} AS ts FROM n)
    INSERT INTO request_logs (id, mock, plan_version, ts, method, path, operation_id, query, request_headers, request_body, request_body_size,
      status, response_headers, response_headers_hash, response_body, response_body_hash, response_body_size, latency_ms, client_address,
      user_agent, session_id, correlation_id, validation_errors)
    SELECT ${ulidSql('ts')}, 'bench', 'v1', ts, ${pick(1)}, ${pick(2)}, ${pick(0)},
      CASE WHEN h % 5 = 0 THEN 'limit=' || (h % 50) || '&offset=' || (h % 500) ELSE '' END,
      json_object('host', '127.0.0.1:4010', 'user-agent', 'bench-client/' || (h % 7), 'accept', 'application/json', 'x-api-key', '[redacted]'),
      CASE WHEN ${op} IN (2, 3, 7, 9) THEN json_object('title', ${word} || ' ' || (h % 1000), 'note', CASE WHEN h % 1000 = 7 THEN 'please giftwrap' ELSE 'order for ' || ${word} END, 'quantity', h % 9) END,
      CASE WHEN ${op} IN (2, 3, 7, 9) THEN 60 ELSE 0 END,
      ${status}, NULL, 'hdr-' || (h % 4),
      CASE WHEN h % 10 < 6 THEN NULL ELSE json_object('id', h % 977, 'title', ${word}) END,
      CASE WHEN h % 10 < 6 THEN 'body-' || (h % 24) END,
      CASE WHEN h % 10 < 6 THEN 2400 ELSE 40 END,
      ${latency}, '10.0.' || (h % 4) || '.' || (h % 200), 'bench-client/' || (h % 7),
      CASE WHEN h % 10 < 3 THEN 'ci-run-' || (i / 2000) END,
      'corr-' || i,
      CASE WHEN h % 1000 BETWEEN 10 AND 69 AND h % 4 = 1 THEN '[{"location":"body/quantity","message":"must be >= 1"}]' END
    FROM r`;
}

export function textsSql(): string {
  const bodies = Array.from({ length: 24 }, (_, k) => {
    const items = Array.from({ length: 12 }, (_, j) => ({ id: `${k}-${j}`, title: `${WORDS[k % WORDS.length]} volume ${j}`, author: `Author ${k}` }));
    return `('body-${k}', '${JSON.stringify({ items, total: 12 + k }).replace(/'/g, "''")}')`;
  });
  const headers = Array.from({ length: 4 }, (_, k) => `('hdr-${k}', '${JSON.stringify({ 'content-type': 'application/json', 'x-correlation-id': null, 'x-variant': String(k) })}')`);
  return `INSERT OR IGNORE INTO log_texts (hash, text) VALUES ${[...bodies, ...headers].join(', ')}`;
}

