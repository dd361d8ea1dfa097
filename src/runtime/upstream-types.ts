/** Plain types of the proxy modes and recorded exchanges: no imports, so every runtime file may use them. */

/**
 * Where an answer comes from (docs/decisions/0020): the mock, the upstream (`proxy`), the mock
 * when a rule or recording matches else the upstream (`spy`), the upstream marked for recording
 * (`record`), or both compared (`diff`).
 */
export type ProxyMode = 'mock' | 'proxy' | 'spy' | 'record' | 'diff';

export type VolatileKind = 'uuid' | 'date-time' | 'date' | 'epoch-ms' | 'epoch-s' | 'token';

export interface VolatileField {
  /** `/body/…` (a JSON pointer into the body) or `/headers/<name>`. */
  pointer: string;
  kind: VolatileKind;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text, exactly as the upstream sent it. */
  body: string | null;
  delayMs?: number;
  volatile?: VolatileField[];
}

export interface RecordedEntry {
  /** The raw request path (with the base path); unset: any path of the operation. */
  path?: string;
  /** The raw query string; unset: any query. */
  query?: string;
  responses: RecordedResponse[];
}

