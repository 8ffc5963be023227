import { Hono } from "hono";
import { z } from "zod";
import { QueryModelMismatchError } from "../../../retrievers/open-retriever.ts";
import { findCorpus } from "../../db/corpus-records.ts";
import { ModelNotFoundError } from "../openai/model-ids.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";

const embeddingsBodySchema = z.looseObject({
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(2048)]),
  /** A corpus name (its embedding model), or the configured embedding model's id. */
  model: z.string().min(1),
  encoding_format: z.enum(["float", "base64"]).default("float"),
  /** "query" embeds with the model's query prefix; documents by default, as OpenAI's API does. */
  input_type: z.enum(["query", "passage"]).default("passage"),
});

/** POST /v1/embeddings: vectors from the embedding model a corpus was indexed with (the configured one). */
export function embeddingsRoute(dependencies: ServerDependencies): Hono {
  return new Hono().post("/v1/embeddings", async (context) => {
    const body = await parseJsonBody(context.req.raw, embeddingsBodySchema);
    const model = dependencies.embeddingModel;
    if (body.model !== model.modelId) {
      const corpus = await findCorpus(dependencies.db, body.model);
      if (!corpus) throw new ModelNotFoundError(body.model);
      if (corpus.embeddingModel !== model.modelId)
        throw new QueryModelMismatchError(corpus.name, corpus.embeddingModel, model.modelId);
    }
    const texts = typeof body.input === "string" ? [body.input] : body.input;
    const { embeddings, usage } = await model.embed({
      texts,
      kind: body.input_type,
      abortSignal: context.req.raw.signal,
    });
    return context.json({
      object: "list",
      data: embeddings.map((vector, index) => ({
        object: "embedding",
        index,
        embedding:
          body.encoding_format === "base64"
            ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64")
            : Array.from(vector),
      })),
      model: body.model,
      usage: { prompt_tokens: usage.tokens, total_tokens: usage.tokens },
    });
  });
}
