import { Hono } from "hono";
import { cors } from "hono/cors";
import { RecallError } from "../errors/recall-error.ts";
import { ClientClosedError, isConnectionAbort } from "./client-closed-error.ts";
import { errorResponse } from "./error-response.ts";
import { InFlightRequests } from "./in-flight-requests.ts";
import { logServerFailure } from "./log-server-failure.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { deadline } from "./middleware/deadline.ts";
import { drainRequests } from "./middleware/drain-requests.ts";
import { jsonOnly } from "./middleware/json-only.ts";
import { limitBody } from "./middleware/limit-body.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { requestId } from "./middleware/request-id.ts";
import { requestLog } from "./middleware/request-log.ts";
import { requestMetrics } from "./middleware/request-metrics.ts";
import { BodyTooLargeError } from "./request-errors.ts";
import { RouteNotFoundError } from "./route-not-found-error.ts";
import { askRoute } from "./routes/ask-route.ts";
import { asksRoute } from "./routes/asks-route.ts";
import { chatCompletionsRoute } from "./routes/chat-completions-route.ts";
import { completionsRoute } from "./routes/completions-route.ts";
import { consoleRoute } from "./routes/console-route.ts";
import { corporaRoute } from "./routes/corpora-route.ts";
import { corpusFailuresRoute } from "./routes/corpus-failures-route.ts";
import { documentsRoute, uploadPath } from "./routes/documents-route.ts";
import { embeddingsRoute } from "./routes/embeddings-route.ts";
import { experimentsRoute } from "./routes/experiments-route.ts";
import { feedbackRoute } from "./routes/feedback-route.ts";
import { jobsRoute } from "./routes/jobs-route.ts";
import { metricsRoute } from "./routes/metrics-route.ts";
import { modelsRoute } from "./routes/models-route.ts";
import { searchRoute } from "./routes/search-route.ts";
import { strategiesRoute } from "./routes/strategies-route.ts";
import type { ServerDependencies } from "./server-dependencies.ts";
import type { ServerEnv } from "./server-env.ts";
import { ShuttingDownError } from "./shutting-down-error.ts";

/**
 * The HTTP API. Every request gets an id, a line in the request log and a count in the metrics; /healthz answers
 * before the rest (503 `draining` during a shutdown); every other request is tracked until its response is over
 * (and refused while the server drains), and /v1 routes then pass the deadline, the JSON check (an upload may be
 * multipart), authentication, the rate limit and the body limit (limits.bodyBytes), in that order, before a route
 * sees them: no body is read for a request that is refused. An upload's route checks its key's scope and its corpus
 * before its own, larger, limit (limits.uploadBytes; see documentsRoute). Errors become JSON responses in one place,
 * here.
 */
export function createApp(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app: recall, logger } = dependencies;
  const inFlight = dependencies.inFlight ?? new InFlightRequests();
  const { limits, cors: corsSettings, rateLimit: rateSettings } = recall.settings;
  const app = new Hono<ServerEnv>();
  app.use(requestId());
  app.use(requestLog(logger));
  app.use(requestMetrics(recall.metrics));
  if (corsSettings.origins.length > 0) app.use(cors({ origin: [...corsSettings.origins] }));
  app.get("/healthz", (context) => {
    if (!inFlight.draining) return context.json({ status: "ok" });
    context.header("Connection", "close");
    return context.json({ status: "draining" }, 503);
  });
  app.use(drainRequests(inFlight));
  app.route("/", metricsRoute(dependencies));
  app.route("/", consoleRoute());
  app.use("/v1/*", deadline(recall.settings.requestTimeoutMs));
  app.use("/v1/*", jsonOnly({ except: [uploadPath] }));
  app.use("/v1/*", authenticate(recall));
  app.use("/v1/*", rateLimit(rateSettings));
  const jsonBodies = limitBody(limits.bodyBytes, () => new BodyTooLargeError(limits.bodyBytes));
  app.use("/v1/*", (context, next) =>
    context.req.method === "POST" && uploadPath.test(context.req.path) ? next() : jsonBodies(context, next),
  );
  app.route("/", searchRoute(dependencies));
  app.route("/", corporaRoute(dependencies));
  app.route("/", documentsRoute(dependencies));
  app.route("/", corpusFailuresRoute(dependencies));
  app.route("/", jobsRoute(dependencies));
  app.route("/", askRoute(dependencies));
  app.route("/", asksRoute(dependencies));
  app.route("/", strategiesRoute());
  app.route("/", chatCompletionsRoute(dependencies));
  app.route("/", completionsRoute(dependencies));
  app.route("/", modelsRoute(dependencies));
  app.route("/", embeddingsRoute(dependencies));
  app.route("/", experimentsRoute(dependencies));
  app.route("/", feedbackRoute(dependencies));
  app.notFound((context) => {
    closeIfBodyUnread(context.req.raw, (name, value) => context.header(name, value));
    const { status, body } = errorResponse(
      new RouteNotFoundError(context.req.method, context.req.path),
      context.get("requestId"),
    );
    return context.json(body, status);
  });
  app.onError((thrown, context) => {
    const requestId = context.get("requestId");
    const error = abortedBy(context.req.raw.signal) ?? clientClosed(context.req.raw.signal, thrown) ?? thrown;
    const { status, body, headers } = errorResponse(error, requestId);
    closeIfBodyUnread(context.req.raw, (name, value) => context.header(name, value));
    // A shutdown's 503 is the server doing as asked, not a failure: the request log has it.
    if (status >= 500 && !(error instanceof ShuttingDownError))
      logServerFailure(logger, "request failed", { requestId, path: context.req.path, code: body.error.code, error });
    return context.json(body, status, headers);
  });
  return app;
}

/**
 * A request refused before its body was read (a 401, a 404, a 413, …) leaves that body on the connection: the answer
 * says `Connection: close`, so that the client sends its next request on a new connection instead of one the server
 * is about to drop.
 */
function closeIfBodyUnread(request: Request, header: (name: string, value: string) => void): void {
  const declared = request.headers.get("content-length");
  const hasBody = request.headers.has("transfer-encoding") || (declared !== null && declared !== "0");
  if (hasBody && !request.bodyUsed) header("Connection", "close");
}

/** A plain error thrown because the client went away (its signal aborted, or its body read aborted): a 499. */
function clientClosed(signal: AbortSignal, thrown: unknown): ClientClosedError | undefined {
  if (thrown instanceof RecallError) return undefined;
  return signal.aborted || isConnectionAbort(thrown) ? new ClientClosedError({ cause: thrown }) : undefined;
}

/**
 * The server's reason for aborting a request (a shutdown's, say), which says more to its client than the "aborted"
 * its model call failed with; undefined unless the request's signal was aborted with a RecallError.
 */
function abortedBy(signal: AbortSignal): RecallError | undefined {
  return signal.aborted && signal.reason instanceof RecallError ? signal.reason : undefined;
}
