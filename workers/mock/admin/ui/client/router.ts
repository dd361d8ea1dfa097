/** Client-side routes under /ui/: each view renders from the admin API into the main area. */

export interface ViewContext {
  /** The route pattern's captures, decoded. */
  params: string[];
  query: URLSearchParams;
  /** Aborted when the user leaves the view: pending calls and timers stop. */
  signal: AbortSignal;
  navigate(path: string, options?: { replace?: boolean }): void;
}

export interface Route {
  pattern: RegExp;
  /** The navigation entry this route belongs to (highlighted while it is shown). */
  section: string;
  title: string;
  render(ctx: ViewContext): Promise<Node> | Node;
}

export interface Match {
  route: Route;
  params: string[];
}

export function match(routes: readonly Route[], pathname: string): Match | null {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return null;
}

/** Runs `fn` every `intervalMs` while the page is visible, until `signal` aborts. */
export function every(intervalMs: number, fn: () => void, signal: AbortSignal): void {
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') fn();
  }, intervalMs);
  signal.addEventListener('abort', () => clearInterval(timer));
}
