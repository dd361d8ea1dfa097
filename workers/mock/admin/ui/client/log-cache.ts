/** Records the log view last loaded, so opening one needs no second call. */
import type { LogEntry } from './types';

const MAX = 500;
const entries = new Map<string, LogEntry>();

export function remember(items: readonly LogEntry[]): void {
  for (const item of items) {
    entries.delete(item.id);
    entries.set(item.id, item);
  }
  while (entries.size > MAX) entries.delete(entries.keys().next().value as string);
}

export function recall(id: string): LogEntry | undefined {
  return entries.get(id);
}
