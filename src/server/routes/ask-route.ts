import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import type { AskResponse } from "../../app/ask-service.ts";
import type { Limits } from "../../config/config-schema.ts";
import { RecallError } from "../../errors/recall-error.ts";
import type { TraceEvent } from "../../reasoning/trace-events.ts";
import { defaultStrategy } from "../../strategies/strategies.ts";
import { type AskStartEvent, askStartEvent } from "../ask-start-event.ts";
import { errorResponse } from "../error-response.ts";
import { limitedText, limitRule, nameText } from "../limited-schemas.ts";
import { logServerFailure } from "../log-server-failure.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * The body of POST /v1/ask under the configured limits: the question (limits.questionChars), the instructions
 * (limits.messageChars) and a strategy's `samples` (limits.samples; the strategy's own schema checks the rest).
 */
export function askBodySchema(limits: Limits) {
  return z
    .object({
      question: limitedText(limits, "questionChars").trim().min(1),
      /** Without a corpus the strategy answers closed-book. */
      corpus: nameText.optional(),
      strategy: nameText.default(defaultStrategy),
      /** The strategy's parameters (see GET /v1/strategies); missing ones take their defaults. */
      params: z
        .record(z.string(), z.unknown())
        .default({})
        .superRefine((params, context) => {
          if (typeof params.samples === "number" && params.samples > limits.samples)
            context.addIssue({ code: "custom", path: ["samples"], ...limitRule(limits, "samples") });
        }),
      mode: z.enum(["dense", "full-text", "hybrid"]).default("hybrid"),
      /** Ask through an experiment: the variant assigned to `user` decides the strategy and its parameters. */
      experiment: nameText.optional(),
      /** The user or session key (sticky experiment assignment). */
      user: z.string().min(1).max(256).optional(),
      /** Instructions for the model, put in front of every prompt (what a chat's system message does). */
      instructions: limitedText(limits, "messageChars").optional(),
      /** Server-sent events: ask-start, every trace event as it happens, then the answer. */
      stream: z.boolean().default(false),
      /** Include the trace in the JSON answer. */
      trace: z.boolean().default(false),
    })
    .strict();
}

/** The answer as a client sees it: the trace only when asked for. */
function publicAnswer(response: AskResponse, withTrace: boolean) {
  const { trace, answerTokens: _tokens, ...answer } = response;
  return withTrace ? { ...answer, trace } : answer;
}

/**
 * POST /v1/ask: one question answered by one strategy, as JSON or as a stream: `ask-start` at once, every trace event
 * as it happens (the answer in `answer-end` as soon as it is decided), then `answer` once the ask is stored.
 */
export function askRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const schema = askBodySchema(dependencies.app.settings.limits);
  return new Hono<ServerEnv>().post("/v1/ask", async (context) => {
    const body = await parseJsonBody(context.req.raw, schema);
    context.set("strategy", body.strategy);
    if (body.corpus !== undefined) context.set("corpus", body.corpus);
    const request = {
      question: body.question,
      corpus: body.corpus,
      strategy: body.strategy,
      parameters: body.params,
      mode: body.mode,
      instructions: body.instructions,
      experiment: body.experiment,
      subjectKey: body.user,
    };
    const prepared = await dependencies.app.prepareAsk(request, context.get("access"));
    context.set("strategy", prepared.strategy);
    if (prepared.corpus !== null) context.set("corpus", prepared.corpus);
    if (!body.stream) {
      const response = await prepared.run({ abortSignal: context.req.raw.signal });
      return context.json(publicAnswer(response, body.trace));
    }
    return streamSSE(context, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      context.req.raw.signal.addEventListener("abort", () => controller.abort());
      // Each event is written the moment it happens, in order; nothing waits for the run to end.
      let written = Promise.resolve();
      const send = (event: AskStartEvent | TraceEvent): void => {
        written = written.then(() => stream.writeSSE({ event: event.type, data: JSON.stringify(event) }));
      };
      send(askStartEvent(prepared));
      try {
        const response = await prepared.run({ emit: send, abortSignal: controller.signal });
        await written;
        await stream.writeSSE({ event: "answer", data: JSON.stringify(publicAnswer(response, body.trace)) });
      } catch (error) {
        await written;
        // Aborted by the server (a deadline, a shutdown), the stream says why; aborted by its client, nobody is left.
        const reason: unknown = context.req.raw.signal.reason;
        const stoppedBy = reason instanceof RecallError ? reason : undefined;
        if (controller.signal.aborted && !stoppedBy) return;
        const requestId = context.get("requestId");
        const { status, body: errorBody } = errorResponse(stoppedBy ?? error, requestId);
        if (status >= 500 && !stoppedBy)
          logServerFailure(dependencies.logger, "ask failed", {
            requestId,
            path: context.req.path,
            code: errorBody.error.code,
            error,
          });
        await stream.writeSSE({ event: "error", data: JSON.stringify(errorBody) });
      }
    });
  });
}
