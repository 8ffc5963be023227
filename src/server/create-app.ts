import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { errorResponse } from "./error-response.ts";
import { logServerFailure } from "./log-server-failure.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { jsonOnly } from "./middleware/json-only.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { requestId } from "./middleware/request-id.ts";
import { BodyTooLargeError } from "./request-errors.ts";
import { RouteNotFoundError } from "./route-not-found-error.ts";
import { askRoute } from "./routes/ask-route.ts";
import { chatCompletionsRoute } from "./routes/chat-completions-route.ts";
import { completionsRoute } from "./routes/completions-route.ts";
import { corporaRoute } from "./routes/corpora-route.ts";
import { embeddingsRoute } from "./routes/embeddings-route.ts";
import { experimentsRoute } from "./routes/experiments-route.ts";
import { feedbackRoute } from "./routes/feedback-route.ts";
import { modelsRoute } from "./routes/models-route.ts";
import { searchRoute } from "./routes/search-route.ts";
import { strategiesRoute } from "./routes/strategies-route.ts";
import type { ServerDependencies } from "./server-dependencies.ts";
import type { ServerEnv } from "./server-env.ts";

/**
 * The HTTP API. Every request gets an id; /v1 routes then pass the body limit, the JSON check, authentication and the
 * rate limit, in that order, before a route sees them. Errors become JSON responses in one place, here.
 */
export function createApp(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app: recall, logger } = dependencies;
  const { limits, cors: corsSettings, rateLimit: rateSettings } = recall.settings;
  const app = new Hono<ServerEnv>();
  app.use(requestId());
  if (corsSettings.origins.length > 0) app.use(cors({ origin: [...corsSettings.origins] }));
  app.get("/healthz", (context) => context.json({ status: "ok" }));
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: limits.bodyBytes,
      onError: () => {
        throw new BodyTooLargeError(limits.bodyBytes);
      },
    }),
  );
  app.use("/v1/*", jsonOnly());
  app.use("/v1/*", authenticate(recall));
  app.use("/v1/*", rateLimit(rateSettings));
  app.route("/", searchRoute(dependencies));
  app.route("/", corporaRoute(dependencies));
  app.route("/", askRoute(dependencies));
  app.route("/", strategiesRoute());
  app.route("/", chatCompletionsRoute(dependencies));
  app.route("/", completionsRoute(dependencies));
  app.route("/", modelsRoute(dependencies));
  app.route("/", embeddingsRoute(dependencies));
  app.route("/", experimentsRoute(dependencies));
  app.route("/", feedbackRoute(dependencies));
  app.notFound((context) => {
    const { status, body } = errorResponse(
      new RouteNotFoundError(context.req.method, context.req.path),
      context.get("requestId"),
    );
    return context.json(body, status);
  });
  app.onError((error, context) => {
    const requestId = context.get("requestId");
    const { status, body, headers } = errorResponse(error, requestId);
    if (status >= 500)
      logServerFailure(logger, "request failed", { requestId, path: context.req.path, code: body.error.code, error });
    return context.json(body, status, headers);
  });
  return app;
}
