/** How numbers, times and bodies read on the page. */

export function time(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** HH:MM:SS, for chart axes. */
export function clock(ts: number): string {
  return time(ts).slice(0, 8);
}

export function dateTime(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${time(ts)}`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (Number.isInteger(value) || value >= 10) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '–';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('en');
}

export function statusClass(status: number): string {
  return `status s${Math.floor(status / 100)}xx`;
}

/** Pretty-prints JSON text; anything else is shown as it came. */
export function prettyBody(text: string): string {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
