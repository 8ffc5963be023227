import { Hono } from "hono";
import { z } from "zod";
import type { Limits } from "../../config/config-schema.ts";
import { limitedList, limitedText, nameText } from "../limited-schemas.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * The body of POST /v1/embeddings under the configured limits: the number of inputs (limits.embeddingInputs) and the
 * length of each (limits.embeddingInputChars).
 */
export function embeddingsBodySchema(limits: Limits) {
  const input = limitedText(limits, "embeddingInputChars").min(1);
  return z.looseObject({
    input: z.union([input, limitedList(z.array(input).min(1), limits, "embeddingInputs")]),
    /** A corpus name (its embedding model), or the configured embedding model's id. */
    model: nameText,
    encoding_format: z.enum(["float", "base64"]).default("float"),
    /** "query" embeds with the model's query prefix; documents by default, as OpenAI's API does. */
    input_type: z.enum(["query", "passage"]).default("passage"),
  });
}

/** POST /v1/embeddings: vectors from the embedding model a corpus was indexed with, or from the configured one. */
export function embeddingsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const schema = embeddingsBodySchema(dependencies.app.settings.limits);
  return new Hono<ServerEnv>().post("/v1/embeddings", async (context) => {
    const body = await parseJsonBody(context.req.raw, schema);
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
