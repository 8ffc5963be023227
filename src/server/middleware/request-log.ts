import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../logging/logger.ts";
import { matchedRoute } from "../matched-route.ts";
import { onResponseDone } from "../on-response-done.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * Writes one line per request, once its response is over (a stream's end included): `request` with requestId,
 * method, route (the matched pattern, not the path), status, latencyMs, keyId (null without a key), corpus and
 * strategy where the route set them, and `aborted: true` when the client left before the response was sent whole.
 * A 5xx is logged as an error, anything else as info. Never a header or a body: a bearer key cannot reach the log
 * from here. Mount it right after `requestId`.
 */
export function requestLog(logger: Logger): MiddlewareHandler<ServerEnv> {
  return async (context, next) => {
    const started = performance.now();
    await next();
    const { route } = matchedRoute(context);
    const status = context.res.status;
    onResponseDone(context, (sentWhole) => {
      const corpus = context.get("corpus");
      const strategy = context.get("strategy");
      const fields = {
        requestId: context.get("requestId"),
        method: context.req.method,
        route,
        status,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        keyId: context.get("access")?.keyId ?? null,
        ...(corpus === undefined ? {} : { corpus }),
        ...(strategy === undefined ? {} : { strategy }),
        ...(sentWhole ? {} : { aborted: true }),
      };
      if (status >= 500) logger.error("request", fields);
      else logger.info("request", fields);
    });
  };
}
