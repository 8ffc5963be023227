import { Hono } from "hono";
import { corpusSummaries } from "../../db/corpus-records.ts";
import type { ServerDependencies } from "../server-dependencies.ts";

/** GET /v1/corpora: every corpus with its model and counts. */
export function corporaRoute(dependencies: ServerDependencies): Hono {
  return new Hono().get("/v1/corpora", async (context) =>
    context.json({ corpora: await corpusSummaries(dependencies.db) }),
  );
}
