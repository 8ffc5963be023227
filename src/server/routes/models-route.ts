import { Hono } from "hono";
import { chatModelIds } from "../openai/model-ids.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** GET /v1/models: every strategy on every corpus as a model, so that a frontend's model picker picks the strategy. */
export function modelsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/v1/models", async (context) => {
    const ids = await chatModelIds(dependencies.app, context.get("access"));
    return context.json({
      object: "list",
      data: ids.map((id) => ({ id, object: "model", created: 0, owned_by: "recall" })),
    });
  });
}
