import type Stripe from 'stripe';
import type { SandboxAccount } from '../../src/core/account';
import { StripeApiError } from '../../src/core/errors';
import { Params, type RawParams } from '../../src/core/params';
import type { HttpMethod, ResourceModule, Route } from '../../src/core/routes';

/**
 * Registers `modules` on `account` and records its events. `call` runs the first route (the modules' in
 * order, then `extraRoutes`) whose method and path match, straight on the account without the request
 * layer; `fails` expects that call to throw a StripeApiError and returns it.
 */
export function moduleSandbox(
  account: SandboxAccount,
  modules: readonly ResourceModule[],
  extraRoutes: readonly Route[] = [],
) {
  for (const module of modules) module.register?.(account);
  const routes: Route[] = [...modules.flatMap((m) => [...m.routes]), ...extraRoutes];
  const events: Stripe.Event[] = [];
  account.onEvent((event) => events.push(event));

  function call<T>(method: HttpMethod, url: string, raw: RawParams = {}): T {
    const segments = url.split('/');
    for (const route of routes) {
      const pattern = route.path.split('/');
      if (route.method !== method || pattern.length !== segments.length) continue;
      const path: Record<string, string> = {};
      const match = pattern.every((part, i) => {
        if (part.startsWith(':')) path[part.slice(1)] = segments[i] as string;
        return part.startsWith(':') || part === segments[i];
      });
      if (match) return route.handler({ account, params: new Params(raw), path }) as unknown as T;
    }
    throw new Error(`no route for ${method} ${url}`);
  }

  function fails(method: HttpMethod, url: string, raw: RawParams = {}): StripeApiError {
    try {
      call(method, url, raw);
    } catch (error) {
      if (error instanceof StripeApiError) return error;
      throw error;
    }
    throw new Error(`${method} ${url} did not fail`);
  }

  /** The types of the events emitted since `events[from]`. */
  const since = (from: number) => events.slice(from).map((e) => e.type);
  return { account, call, fails, events, since };
}
