import { Hono } from "hono";
import { jobResponse } from "../job-response.ts";
import { limitBody } from "../middleware/limit-body.ts";
import { readUploadBody } from "../read-upload-body.ts";
import { UploadTooLargeError } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** The upload route's path: it takes multipart bodies, and a larger body limit (server.limits.uploadBytes). */
export const uploadPath = /^\/v1\/corpora\/[^/]+\/documents$/;

/**
 * POST /v1/corpora/{name}/documents: files (multipart, field `file`) or JSON documents to index, answered at once
 * with 202 and the job (its status at GET /v1/jobs/{id}); a second upload to a corpus queues behind the first. The
 * key's scope, the corpus and its queue are checked before the body is read, then the body's size (413 over
 * server.limits.uploadBytes). DELETE /v1/corpora/{name}/documents/{id}: removes a document's chunks and record (204),
 * unless a job of the corpus is queued or running (409 corpus_busy). Both need the index scope, and are refused
 * while the corpus builds a new version (409 corpus_rebuilding).
 */
export function documentsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  const { uploadBytes } = app.settings.limits;
  const uploadBody = limitBody(uploadBytes, () => new UploadTooLargeError("uploadBytes", uploadBytes));
  return new Hono<ServerEnv>()
    .post(
      "/v1/corpora/:name/documents",
      async (context, next) => {
        const corpus = context.req.param("name");
        context.set("corpus", corpus);
        await app.jobs.checkUpload(corpus, context.get("access"));
        await next();
      },
      uploadBody,
      async (context) => {
        const corpus = context.req.param("name");
        const access = context.get("access");
        const body = await readUploadBody(context.req, app.settings);
        const job = await app.jobs.submit({ corpus, ...body }, access);
        const response = jobResponse(job);
        context.header("Location", response.links.self);
        return context.json(response, 202);
      },
    )
    .delete("/v1/corpora/:name/documents/:id{.+}", async (context) => {
      const corpus = context.req.param("name");
      context.set("corpus", corpus);
      await app.jobs.deleteDocument(corpus, context.req.param("id"), context.get("access"));
      return context.body(null, 204);
    });
}
