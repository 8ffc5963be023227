import { Hono } from "hono";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** GET /v1/corpora: every corpus the key may use, with its model and counts. */
export function corporaRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/v1/corpora", async (context) =>
    context.json({ corpora: await dependencies.app.corpora.list(context.get("access")) }),
  );
}
