import { Hono } from "hono";
import { errorResponse } from "./error-response.ts";
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

/** The HTTP API. Errors become JSON responses in one place, here. */
export function createApp(dependencies: ServerDependencies): Hono {
  const app = new Hono();
  app.get("/healthz", (context) => context.json({ status: "ok" }));
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
  app.notFound((context) =>
    context.json(
      {
        error: {
          code: "not_found",
          message: `No route ${context.req.method} ${context.req.path}. See the README for the API.`,
          type: "not_found_error",
        },
      },
      404,
    ),
  );
  app.onError((error, context) => {
    const { status, body } = errorResponse(error);
    if (status >= 500)
      dependencies.logger.error("request failed", {
        path: context.req.path,
        error: error instanceof Error ? error.stack : String(error),
      });
    return context.json(body, status);
  });
  return app;
}
