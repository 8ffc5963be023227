import { Hono } from "hono";
import { jobResponse } from "../job-response.ts";
import { readUploadBody } from "../read-upload-body.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** The upload route's path: it takes multipart bodies, and a larger body limit (server.limits.uploadBytes). */
export const uploadPath = /^\/v1\/corpora\/[^/]+\/documents$/;

/**
 * POST /v1/corpora/{name}/documents: files (multipart, field `file`) or JSON documents to index, answered at once
 * with 202 and the job (its status at GET /v1/jobs/{id}); a second upload to a corpus queues behind the first.
 * DELETE /v1/corpora/{name}/documents/{id}: removes a document's chunks and record (204), unless a job of the corpus
 * is queued or running (409 corpus_busy). Both need the index scope.
 */
export function documentsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  return new Hono<ServerEnv>()
    .post("/v1/corpora/:name/documents", async (context) => {
      const corpus = context.req.param("name");
      const access = context.get("access");
      context.set("corpus", corpus);
      await app.jobs.checkUpload(corpus, access);
      const body = await readUploadBody(context.req, app.settings);
      const job = await app.jobs.submit({ corpus, ...body }, access);
      const response = jobResponse(job);
      context.header("Location", response.links.self);
      return context.json(response, 202);
    })
    .delete("/v1/corpora/:name/documents/:id{.+}", async (context) => {
      const corpus = context.req.param("name");
      context.set("corpus", corpus);
      await app.jobs.deleteDocument(corpus, context.req.param("id"), context.get("access"));
      return context.body(null, 204);
    });
}
