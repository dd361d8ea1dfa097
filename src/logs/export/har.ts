/** One logged exchange as a HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/). Our own fields start with `_`. */
import type { StoredRequestLog } from '../record';

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const pairs = (headers: Record<string, string>) => Object.entries(headers).map(([name, value]) => ({ name, value }));

function queryPairs(query: string): Array<{ name: string; value: string }> {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return eq < 0 ? { name: decode(pair), value: '' } : { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) };
  });
}

export function harEntry(log: StoredRequestLog) {
  const host = log.requestHeaders.host ?? 'mock.invalid';
  const requestType = log.requestHeaders['content-type'] ?? 'application/octet-stream';
  const responseType = log.responseHeaders['content-type'] ?? '';
  return {
    startedDateTime: new Date(log.ts).toISOString(),
    time: log.latencyMs,
    request: {
      method: log.method,
      url: `http://${host}${log.path}${log.query === '' ? '' : `?${log.query}`}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(log.requestHeaders),
      queryString: queryPairs(log.query),
      ...(log.requestBody === null ? {} : { postData: { mimeType: requestType, text: log.requestBody } }),
      headersSize: -1,
      bodySize: log.requestBodySize,
    },
    response: {
      status: log.status,
      statusText: REASONS[log.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(log.responseHeaders),
      content: { size: log.responseBodySize, mimeType: responseType, ...(log.responseBody === null ? {} : { text: log.responseBody }) },
      redirectURL: log.responseHeaders.location ?? '',
      headersSize: -1,
      bodySize: log.responseBodySize,
    },
    cache: {},
    timings: { send: 0, wait: log.latencyMs, receive: 0 },
    _id: log.id,
    _operationId: log.operationId,
    _sessionId: log.sessionId,
    _correlationId: log.correlationId,
    _validationErrors: log.validationErrors,
  };
}
