import { Hono } from "hono";
import { corpusCounts, listCorpora } from "../../db/corpus-records.ts";
import type { ServerDependencies } from "../server-dependencies.ts";

/** GET /v1/corpora: every corpus with its model and counts. */
export function corporaRoute(dependencies: ServerDependencies): Hono {
  return new Hono().get("/v1/corpora", async (context) => {
    const corpora = [];
    for (const corpus of await listCorpora(dependencies.db)) {
      corpora.push({
        name: corpus.name,
        model: corpus.embeddingModel,
        dimensions: corpus.dimensions,
        ...(await corpusCounts(dependencies.db, corpus.name)),
        updatedAt: corpus.updatedAt,
      });
    }
    return context.json({ corpora });
  });
}
