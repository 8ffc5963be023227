import { Hono } from "hono";
import { z } from "zod";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

const embeddingsBodySchema = z.looseObject({
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(2048)]),
  /** A corpus name (its embedding model), or the configured embedding model's id. */
  model: z.string().min(1),
  encoding_format: z.enum(["float", "base64"]).default("float"),
  /** "query" embeds with the model's query prefix; documents by default, as OpenAI's API does. */
  input_type: z.enum(["query", "passage"]).default("passage"),
});

/** POST /v1/embeddings: vectors from the embedding model a corpus was indexed with (the configured one). */
export function embeddingsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/embeddings", async (context) => {
    const body = await parseJsonBody(context.req.raw, embeddingsBodySchema);
    const texts = typeof body.input === "string" ? [body.input] : body.input;
    const { embeddings, usage } = await dependencies.app.embed(
      { model: body.model, texts, kind: body.input_type, abortSignal: context.req.raw.signal },
      context.get("access"),
    );
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
