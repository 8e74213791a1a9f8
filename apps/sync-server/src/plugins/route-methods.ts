/**
 * Which methods each route path answers, so a known path asked with another method gets
 * `405 method-not-allowed` with `Allow` (RFC 9110 §15.5.6) instead of 404.
 */
export class RouteMethods {
  private readonly routes: { readonly pattern: RegExp; readonly methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  add(url: string, methods: string | readonly string[]): void {
    const key = trimSlash(url);
    let known = this.byUrl.get(key);
    if (!known) {
      known = new Set();
      this.byUrl.set(key, known);
      const source = key
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      this.routes.push({ pattern: new RegExp(`^${source}$`), methods: known });
    }
    for (const method of typeof methods === 'string' ? [methods] : methods) known.add(method.toUpperCase());
  }

  /** The methods `path` (no query) answers, sorted; empty when no route has this path. */
  allowed(path: string): string[] {
    const key = trimSlash(path);
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(key)) for (const m of route.methods) methods.add(m);
    return [...methods].sort();
  }
}

function trimSlash(url: string): string {
  return url.length > 1 ? url.replace(/\/+$/, '') : url;
}
