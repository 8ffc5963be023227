import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AskResponse } from "../../app/ask-service.ts";
import { defaultStrategy } from "../../strategies/strategies.ts";
import { errorResponse } from "../error-response.ts";
import { logServerFailure } from "../log-server-failure.ts";
import { annotations, answerContent, recallExtension, tokenLogprob, usageOf } from "../openai/chat-completion.ts";
import { chatRequestSchema, messageText } from "../openai/chat-request.ts";
import { parseChatModel } from "../openai/model-ids.ts";
import { standaloneQuestion } from "../openai/standalone-question.ts";
import { InvalidRequestError, parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * POST /v1/chat/completions: OpenAI's chat API over Recall. The model id picks the strategy and corpus
 * ("recall-then-retrieve@world"); the last user turn, made standalone with the conversation before it, is the
 * question; the answer carries [n] markers, a sources list, url_citation annotations and a `recall` extension.
 */
export function chatCompletionsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const schema = chatRequestSchema(dependencies.app.settings.limits);
  return new Hono<ServerEnv>().post("/v1/chat/completions", async (context) => {
    const body = await parseJsonBody(context.req.raw, schema);
    const access = context.get("access");
    const model = await parseChatModel(dependencies.app, body.model, access);
    const question = standaloneQuestion(body.messages);
    if (question === "")
      throw new InvalidRequestError('Invalid field "messages": there is no user message with text to answer.');
    const created = Math.floor(Date.now() / 1000);
    const topLogprobs = body.logprobs ? (body.top_logprobs ?? 0) : 0;
    const instructions = body.messages
      .filter((message) => message.role === "system" || message.role === "developer")
      .map(messageText)
      .join("\n");
    const prepared = await dependencies.app.prepareAsk(
      {
        question,
        instructions,
        subjectKey: body.user ?? undefined,
        // Through an experiment the assigned variant replaces this strategy and names the corpus.
        ...(model.experiment === undefined
          ? { strategy: model.strategy, corpus: model.corpus }
          : { strategy: defaultStrategy, experiment: model.experiment }),
      },
      access,
    );
    const ask = (abortSignal: AbortSignal) => prepared.run({ abortSignal });
    const logprobsOf = (response: AskResponse) =>
      body.logprobs ? { content: response.answerTokens.map((token) => tokenLogprob(token, topLogprobs)) } : null;

    if (!body.stream) {
      const response = await ask(context.req.raw.signal);
      const { content, markers } = answerContent(response);
      return context.json({
        id: `chatcmpl-${response.id}`,
        object: "chat.completion",
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content, refusal: null, annotations: annotations(response, markers) },
            logprobs: logprobsOf(response),
            finish_reason: "stop",
          },
        ],
        usage: usageOf(response),
        recall: recallExtension(response),
      });
    }

    return streamSSE(context, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      const chunk = (id: string, choices: unknown[], extra: Record<string, unknown> = {}) =>
        stream.writeSSE({
          data: JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices, ...extra }),
        });
      try {
        const response = await ask(controller.signal);
        const id = `chatcmpl-${response.id}`;
        const { content, markers } = answerContent(response);
        await chunk(id, [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]);
        const tokens = response.answerTokens;
        let sent = 0;
        if (body.logprobs && tokens.length > 0) {
          for (const token of tokens) {
            const text = sent === 0 ? token.token.trimStart() : token.token;
            sent += text.length;
            await chunk(id, [
              {
                index: 0,
                delta: { content: text },
                logprobs: { content: [tokenLogprob(token, topLogprobs)] },
                finish_reason: null,
              },
            ]);
          }
        }
        await chunk(id, [{ index: 0, delta: { content: content.slice(sent) }, logprobs: null, finish_reason: null }]);
        await chunk(
          id,
          [{ index: 0, delta: { annotations: annotations(response, markers) }, logprobs: null, finish_reason: "stop" }],
          { recall: recallExtension(response) },
        );
        if (body.stream_options?.include_usage) await chunk(id, [], { usage: usageOf(response) });
        await stream.writeSSE({ data: "[DONE]" });
      } catch (error) {
        if (controller.signal.aborted) return;
        const requestId = context.get("requestId");
        const { status, body: errorBody } = errorResponse(error, requestId);
        if (status >= 500)
          logServerFailure(dependencies.logger, "chat completion failed", {
            requestId,
            path: context.req.path,
            code: errorBody.error.code,
            error,
          });
        await stream.writeSSE({ data: JSON.stringify(errorBody) });
        await stream.writeSSE({ data: "[DONE]" });
      }
    });
  });
}
