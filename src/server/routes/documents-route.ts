import { Hono } from "hono";
import { z } from "zod";
import { jobResponse } from "../job-response.ts";
import { limitBody } from "../middleware/limit-body.ts";
import { pageCursor } from "../page-cursor.ts";
import { limitParameter, parseQuery } from "../parse-query.ts";
import { readUploadBody } from "../read-upload-body.ts";
import { UploadTooLargeError } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** Where a page of GET /v1/corpora/{name}/documents ends: its last document's id, whatever its length. */
const documentCursor = pageCursor(
  (id: string) => [id],
  z.tuple([z.string().min(1)]).transform(([id]) => id),
);

/** The query of GET /v1/corpora/{name}/documents: a status to keep, the page's size, and where the page before ended. */
const listQuery = z
  .object({
    status: z.enum(["indexed", "pending"]).optional(),
    limit: limitParameter,
    /** The `next` of the page before. */
    after: documentCursor.parameter.optional(),
  })
  .strict();

/** The upload route's path: it takes multipart bodies, and a larger body limit (server.limits.uploadBytes). */
export const uploadPath = /^\/v1\/corpora\/[^/]+\/documents$/;

/**
 * POST /v1/corpora/{name}/documents: files (multipart, field `file`) or JSON documents to index, answered at once
 * with 202 and the job (its status at GET /v1/jobs/{id}); a second upload to a corpus queues behind the first. The
 * key's scope, the corpus and its queue are checked before the body is read, then the body's size (413 over
 * server.limits.uploadBytes). DELETE /v1/corpora/{name}/documents/{id}: removes a document's chunks and record (204),
 * unless a job of the corpus is queued or running (409 corpus_busy). Both need the index scope, and are refused
 * while the corpus builds a new version (409 corpus_rebuilding). GET /v1/corpora/{name}/documents: the corpus's
 * documents by id, those of one `status` (indexed or pending) if asked, `limit` at a time (1 to 100, default 20):
 * `{ documents: [{ id, title, uri, status, chunkCount, updatedAt }], next }`, `next` an opaque cursor when more
 * follow (send it as `after`; another `after` is a 400), else null; it needs the search or the index scope, and 404s an unknown corpus.
 */
export function documentsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  const { uploadBytes } = app.settings.limits;
  const uploadBody = limitBody(uploadBytes, () => new UploadTooLargeError("uploadBytes", uploadBytes));
  return new Hono<ServerEnv>()
    .get("/v1/corpora/:name/documents", async (context) => {
      const corpus = context.req.param("name");
      context.set("corpus", corpus);
      const query = parseQuery(context.req.raw, listQuery);
      const page = await app.documents.list(corpus, query, context.get("access"));
      return context.json({
        documents: page.documents,
        next: page.next === null ? null : documentCursor.encode(page.next),
      });
    })
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
