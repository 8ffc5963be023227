import { Hono } from "hono";
import { z } from "zod";
import { nameText } from "../limited-schemas.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** The body of POST /v1/corpora: a name, and the chunking (in the embedding model's tokens) if not the defaults. */
const createCorpusSchema = z
  .object({
    name: nameText,
    chunkSize: z.number().int().min(8).max(8192).optional(),
    overlap: z.number().int().min(0).optional(),
    /** The embedding model: the configured one (the default) is the only one a server indexes with. */
    model: nameText.optional(),
  })
  .strict();

/**
 * GET /v1/corpora: every corpus the key may use and the server can search, with its model and counts.
 * POST /v1/corpora: creates an empty corpus (201), to upload documents into; needs the index scope.
 */
export function corporaRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>()
    .get("/v1/corpora", async (context) =>
      context.json({ corpora: await dependencies.app.corpora.listServable(context.get("access")) }),
    )
    .post("/v1/corpora", async (context) => {
      const body = await parseJsonBody(context.req.raw, createCorpusSchema);
      context.set("corpus", body.name);
      return context.json(await dependencies.app.corpora.create(body, context.get("access")), 201);
    });
}
