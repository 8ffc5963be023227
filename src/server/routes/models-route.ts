import { Hono } from "hono";
import { chatModelIds } from "../openai/model-ids.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * GET /v1/models: every strategy on every corpus as a model, so that a frontend's model picker picks the strategy;
 * then the embedding models /v1/embeddings takes (marked `recall.kind: "embedding"`, with the corpora indexed with
 * each), for clients that pick one.
 */
export function modelsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>().get("/v1/models", async (context) => {
    const access = context.get("access");
    const [chatIds, embeddingModels] = await Promise.all([
      chatModelIds(dependencies.app, access),
      dependencies.app.embeddingModelIds(access),
    ]);
    const model = (id: string) => ({ id, object: "model", created: 0, owned_by: "recall" });
    return context.json({
      object: "list",
      data: [
        ...chatIds.map(model),
        ...embeddingModels.map(({ id, corpora }) => ({ ...model(id), recall: { kind: "embedding", corpora } })),
      ],
    });
  });
}
