/** The part of autocannon's API the load tests use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface Options {
    url: string;
    connections?: number;
    amount?: number;
    overallRate?: number;
    duration?: number;
    headers?: Record<string, string>;
  }
  interface Instance extends EventEmitter {
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: 'done', listener: (result: { requests: { total: number }; errors: number; non2xx: number }) => void): this;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
