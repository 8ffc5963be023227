import { Hono } from "hono";
import { requireScope } from "../../app/access.ts";
import { authenticate } from "../middleware/authenticate.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * GET /metrics: the app's metrics in Prometheus text format. Open while the server needs no key, like /v1; once keys
 * are in use it needs a key with the `admin` scope (a scraper sends it as a bearer token), since the metrics name
 * the corpora and show how the server is used.
 */
export function metricsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  return new Hono<ServerEnv>().get("/metrics", authenticate(app), async (context) => {
    requireScope(context.get("access"), "admin");
    return context.body(await app.metrics.render(), 200, { "content-type": app.metrics.contentType });
  });
}
