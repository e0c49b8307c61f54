import type { HttpMethod, Route } from '../core/routes';

interface CompiledRoute {
  route: Route;
  segments: string[];
  /** Static segments count: `/v1/customers/search` beats `/v1/customers/:id`. */
  specificity: number;
}

export interface RouteMatch {
  route: Route;
  path: Record<string, string>;
}

/** Matches `METHOD /v1/...` against the resource modules' routes (`:name` segments capture). */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes
      .map((route) => {
        const segments = route.path.split('/').filter((s) => s !== '');
        return { route, segments, specificity: segments.filter((s) => !s.startsWith(':')).length };
      })
      .sort((a, b) => b.specificity - a.specificity);
    const seen = new Set<string>();
    for (const { route } of this.routes) {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) throw new Error(`Duplicate sandbox route: ${key}`);
      seen.add(key);
    }
  }

  match(method: string, path: string): RouteMatch | null {
    const parts = path.split('/').filter((s) => s !== '');
    if (path.endsWith('/') && path !== '/') return null;
    for (const compiled of this.routes) {
      if (compiled.route.method !== (method as HttpMethod) || compiled.segments.length !== parts.length) continue;
      const captured: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const segment = compiled.segments[i] as string;
        const part = parts[i] as string;
        if (segment.startsWith(':')) {
          let decoded: string;
          try {
            decoded = decodeURIComponent(part);
          } catch {
            decoded = part;
          }
          if (decoded === '') {
            ok = false;
            break;
          }
          captured[segment.slice(1)] = decoded;
        } else if (segment !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: compiled.route, path: captured };
    }
    return null;
  }
}
