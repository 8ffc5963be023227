import type { MiddlewareHandler } from "hono";
import type { Metrics } from "../../observability/metrics.ts";
import { matchedRoute } from "../matched-route.ts";
import { onResponseDone } from "../on-response-done.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * Counts every request by matched route pattern and status, and its latency until the response is over (a stream's
 * end included), in `recall_http_requests_total` and `recall_http_request_duration_seconds`.
 */
export function requestMetrics(metrics: Metrics): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    const started = performance.now();
    await next();
    const { method, route } = matchedRoute(context);
    const status = context.res.status;
    onResponseDone(context, () => {
      metrics.observeRequest({ method, route, status, seconds: (performance.now() - started) / 1000 });
    });
  };
}
