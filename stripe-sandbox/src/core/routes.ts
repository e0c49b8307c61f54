import type { SandboxAccount, StripeObject } from './account';
import type { ListObject } from './list';
import type { Params } from './params';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteContext {
  account: SandboxAccount;
  /** Body (POST) or query (GET, DELETE) parameters, `expand` excluded (the API layer applies it). */
  params: Params;
  /** Values of `:name` segments in the route path. */
  path: Record<string, string>;
}

/** One API endpoint: `{ method: 'POST', path: '/v1/customers/:id', handler }`. */
export interface Route {
  method: HttpMethod;
  path: string;
  handler: (context: RouteContext) => StripeObject | ListObject<StripeObject>;
}

/**
 * What each module in src/resources exports: its routes, and optionally a `register` hook run once when
 * the sandbox is built (to add services to `account.services` or listen to the clock).
 */
export interface ResourceModule {
  routes: readonly Route[];
  register?: (account: SandboxAccount) => void;
}
