import { Hono } from "hono";
import { z } from "zod";
import { passageFilterSchema } from "../../../retrievers/passage-filter.ts";
import type { Limits } from "../../config/config-schema.ts";
import { retrievalHopsSchema } from "../../strategies/retrieval-hops.ts";
import { limitedInteger, limitedText, nameText } from "../limited-schemas.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * The body of POST /v1/search under the configured limits: the query (limits.questionChars), k (limits.k), the
 * reranker's candidates (limits.rerankCandidates) and the text embedded in place of the query
 * (limits.embeddingInputChars); `hops` 1 or 2, which bounds the searches at 1 + maxBridgeNames.
 */
export function searchBodySchema(limits: Limits) {
  return z
    .object({
      query: limitedText(limits, "questionChars").trim().min(1),
      corpus: nameText,
      k: limitedInteger(limits, "k").min(1).default(Math.min(10, limits.k)),
      mode: z.enum(["dense", "full-text", "hybrid"]).default("hybrid"),
      filter: passageFilterSchema.optional(),
      /** Dense and hybrid: embed this text in place of the query (the generative query). */
      embedText: limitedText(limits, "embeddingInputChars").min(1).optional(),
      /** Hybrid: how much each list counts in the fusion (default 1 and 1). */
      weights: z
        .object({ dense: z.number().min(0).max(100), fullText: z.number().min(0).max(100) })
        .strict()
        .optional(),
      /** Reorder the mode's passages with the cross-encoder; `candidates`: how many it reads (default 50). */
      rerank: z
        .union([z.boolean(), z.object({ candidates: limitedInteger(limits, "rerankCandidates").min(1) }).strict()])
        .default(false),
      /** 2: a second round searches with the names the first round's best passage mentions (default 1). */
      hops: retrievalHopsSchema,
    })
    .strict();
}

/** POST /v1/search: the k best passages of a corpus for a query, and how many searches found them. */
export function searchRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const schema = searchBodySchema(dependencies.app.settings.limits);
  return new Hono<ServerEnv>().post("/v1/search", async (context) => {
    const body = await parseJsonBody(context.req.raw, schema);
    context.set("corpus", body.corpus);
    const started = performance.now();
    const { passages, searches } = await dependencies.app.search(
      {
        corpus: body.corpus,
        query: body.query,
        k: body.k,
        mode: body.mode,
        filter: body.filter,
        embedText: body.embedText,
        weights: body.weights,
        rerank: typeof body.rerank === "boolean" ? body.rerank : body.rerank.candidates,
        hops: body.hops,
        abortSignal: context.req.raw.signal,
      },
      context.get("access"),
    );
    return context.json({
      corpus: body.corpus,
      mode: body.mode,
      reranked: body.rerank !== false,
      hops: body.hops,
      searches,
      passages,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
}
