import { Hono } from "hono";
import { z } from "zod";
import { openRetriever } from "../../../retrievers/open-retriever.ts";
import { passageFilterSchema } from "../../../retrievers/passage-filter.ts";
import { defaultRerankCandidates } from "../../../retrievers/reranking-retriever.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";

const searchBodySchema = z
  .object({
    query: z.string().trim().min(1).max(8192),
    corpus: z.string().min(1),
    k: z.number().int().min(1).max(200).default(10),
    mode: z.enum(["dense", "full-text", "hybrid"]).default("hybrid"),
    filter: passageFilterSchema.optional(),
    /** Dense and hybrid: embed this text in place of the query (the generative query). */
    embedText: z.string().min(1).max(8192).optional(),
    /** Hybrid: how much each list counts in the fusion (default 1 and 1). */
    weights: z
      .object({ dense: z.number().min(0).max(100), fullText: z.number().min(0).max(100) })
      .strict()
      .optional(),
    /** Reorder the mode's passages with the cross-encoder; `candidates`: how many it reads (default 50). */
    rerank: z.union([z.boolean(), z.object({ candidates: z.number().int().min(1).max(1000) }).strict()]).default(false),
  })
  .strict();

/** POST /v1/search: the k best passages of a corpus for a query. */
export function searchRoute(dependencies: ServerDependencies): Hono {
  return new Hono().post("/v1/search", async (context) => {
    const body = await parseJsonBody(context.req.raw, searchBodySchema);
    const started = performance.now();
    const retriever = await openRetriever({
      db: dependencies.db,
      store: dependencies.store,
      corpus: body.corpus,
      mode: body.mode,
      embeddingModel: dependencies.embeddingModel,
      ...(body.weights ? { weights: body.weights } : {}),
      ...(body.rerank === false
        ? {}
        : {
            reranker: await dependencies.reranker(),
            rerankCandidates: body.rerank === true ? defaultRerankCandidates : body.rerank.candidates,
          }),
    });
    const passages = await retriever.retrieve({
      query: body.query,
      k: body.k,
      ...(body.filter ? { filter: body.filter } : {}),
      ...(body.embedText ? { embedText: body.embedText } : {}),
      abortSignal: context.req.raw.signal,
    });
    return context.json({
      corpus: body.corpus,
      mode: body.mode,
      reranked: body.rerank !== false,
      passages,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
}
