import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { RecallError } from "../../errors/recall-error.ts";
import { errorResponse } from "../error-response.ts";
import { jobResponse } from "../job-response.ts";
import { logServerFailure } from "../log-server-failure.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * GET /v1/jobs/{id}: an upload's job (status, counts, each document's state, failures), from any process.
 * GET /v1/jobs/{id}/events: the same as server-sent events: `job-start` (the job as it stands), `job-delta` at each
 * change (status, counts, the documents that changed), `job-end` (the final job). A stream cut by the server (its
 * deadline, a shutdown) ends with an `error` event instead; reconnecting starts again with `job-start`. Both need the
 * index scope and a key that may use the job's corpus.
 */
export function jobsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  return new Hono<ServerEnv>()
    .get("/v1/jobs/:id", async (context) =>
      context.json(jobResponse(await app.jobs.get(context.req.param("id"), context.get("access")))),
    )
    .get("/v1/jobs/:id/events", async (context) => {
      const controller = new AbortController();
      const own = context.req.raw.signal;
      own.addEventListener("abort", () => controller.abort(own.reason), { once: true });
      const events = app.jobs.watch(context.req.param("id"), context.get("access"), controller.signal);
      // The first event is read before the stream starts, so that an unknown job is a 404, not an empty stream.
      const first = await events.next();
      if (!first.done && first.value.type === "job-start") context.set("corpus", first.value.job.corpus);
      return streamSSE(context, async (stream) => {
        stream.onAbort(() => controller.abort());
        try {
          for (let next = first; !next.done; next = await events.next())
            await stream.writeSSE({ event: next.value.type, data: JSON.stringify(next.value) });
          const reason: unknown = own.reason;
          if (own.aborted && reason instanceof RecallError) await sendError(reason);
        } catch (error) {
          if (controller.signal.aborted && !(own.reason instanceof RecallError)) return;
          await sendError(own.reason instanceof RecallError ? own.reason : error);
        }

        async function sendError(error: unknown): Promise<void> {
          const requestId = context.get("requestId");
          const { status, body } = errorResponse(error, requestId);
          if (status >= 500 && !(error instanceof RecallError))
            logServerFailure(dependencies.logger, "job stream failed", {
              requestId,
              path: context.req.path,
              code: body.error.code,
              error,
            });
          await stream.writeSSE({ event: "error", data: JSON.stringify(body) });
        }
      });
    });
}
