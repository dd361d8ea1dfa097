/**
 * Downloads through the admin API: the token goes in a header, so a plain link cannot carry it;
 * the file is fetched, then handed to the browser as a blob. (The browser holds the whole file;
 * for very large logs, `curl` the same URL with the token.)
 */
import { apiResponse } from './api';
import { h } from './dom';

function fileNameOf(res: Response, fallback: string): string {
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1]) : fallback;
}

export async function download(path: string, fallbackName: string): Promise<string> {
  const res = await apiResponse(path);
  const url = URL.createObjectURL(await res.blob());
  const name = fileNameOf(res, fallbackName);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** An HTML document from the API as a blob URL, for a sandboxed frame. */
export async function htmlBlobUrl(path: string): Promise<string> {
  const res = await apiResponse(path);
  return URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
}

/** Text made in the page (a report built from an API answer) handed to the browser as a file. */
export function saveText(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
