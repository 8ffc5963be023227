import { Hono } from "hono";
import { z } from "zod";
import { limitParameter, parseQuery } from "../parse-query.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

const failuresQuery = z.object({ limit: limitParameter }).strict();

/**
 * GET /v1/corpora/{name}/failures: the documents (or JSONL lines) that the corpus's index runs, uploads' and
 * `recall index`'s, could not index, the latest first, `limit` of them (1 to 100, default 20): `{ failures: [{ uri,
 * documentId, title, reason, runId, jobId, at }] }`, uris relative to what was indexed. Needs the search or the index
 * scope and a key that may use the corpus; 404 `corpus_not_found` for an unknown corpus.
 */
export function corpusFailuresRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  return new Hono<ServerEnv>().get("/v1/corpora/:name/failures", async (context) => {
    const corpus = context.req.param("name");
    context.set("corpus", corpus);
    const { limit } = parseQuery(context.req.raw, failuresQuery);
    return context.json({ failures: await app.documents.failures(corpus, limit, context.get("access")) });
  });
}
