/**
 * The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking): fetch() — in
 * Node, in workerd and in browsers — refuses to connect to them, so a mock there could never be
 * called by the admin API, the MCP server or a browser.
 */
export const FETCH_BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123,
  135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995,
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Why a port number cannot be used, or null when it can. */
export function portProblem(port: number, { allowZero = false } = {}): string | null {
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) return `must be a number from ${allowZero ? 0 : 1} to 65535`;
  if (FETCH_BLOCKED_PORTS.has(port)) return `${port} is on the Fetch standard's list of blocked ports (fetch() in Node, workerd and browsers refuses to connect to it); choose another`;
  return null;
}
