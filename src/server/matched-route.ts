import type { Context } from "hono";
import { matchedRoutes } from "hono/route";

/** The route a request matched: its method and pattern as registered, or "other" and "unmatched" for none. */
export interface MatchedRoute {
  readonly method: string;
  readonly route: string;
}

/**
 * The route that answers (or would have answered) a request: the last handler registered for its method and path,
 * as a pattern (`/v1/experiments/:name`), never the raw path, so that logs and metrics keep a bounded set of
 * routes. Middleware (registered for every method) does not count; a request no route matches is "unmatched".
 * Call it once the request has been routed (after `await next()` in a middleware).
 */
export function matchedRoute(context: Context): MatchedRoute {
  const handler = matchedRoutes(context).findLast((route) => route.method !== "ALL");
  return handler ? { method: handler.method, route: handler.path } : { method: "other", route: "unmatched" };
}
