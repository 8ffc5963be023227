import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { requireScope } from "../../app/access.ts";
import { defaultStrategy } from "../../strategies/strategies.ts";
import { type BackgroundTask, backgroundTask } from "../openai/background-task.ts";
import { annotations, answerContent, recallExtension, tokenLogprob, usageOf } from "../openai/chat-completion.ts";
import { streamChatCompletion } from "../openai/chat-completion-stream.ts";
import { chatRequestSchema, messageText } from "../openai/chat-request.ts";
import { namesLoopModel, parseChatModel } from "../openai/model-ids.ts";
import { rawChatCompletion, rawChatRequest } from "../openai/raw-chat-completion.ts";
import { standaloneQuestion } from "../openai/standalone-question.ts";
import { InvalidRequestError, parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * POST /v1/chat/completions: OpenAI's chat API over Recall. The model id picks the strategy and corpus
 * ("recall-then-retrieve@world"); the last user turn, made standalone with the conversation before it, is the
 * question; the answer carries [n] markers, a sources list, url_citation annotations and a `recall` extension.
 * A frontend's background request (a title, tags, follow-ups) is answered at once, without the loop. The configured
 * language model's own id (as /v1/completions takes it) asks the model itself: the messages through its chat
 * template, n samples, stop, seed, prefill (`continue_final_message`) and `logprobs.content`; not streamed. The ask
 * scope is checked first, and the model id is told apart without loading a model: an unknown id is a 404 at once.
 */
export function chatCompletionsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const schema = chatRequestSchema(dependencies.app.settings.limits);
  const rawSchema = chatRequestSchema(dependencies.app.settings.limits, { question: false });
  return new Hono<ServerEnv>().post("/v1/chat/completions", async (context) => {
    const access = context.get("access");
    requireScope(access, "ask");
    const sent = await parseJsonBody(context.req.raw);
    const id = z.looseObject({ model: z.string() }).safeParse(sent).data?.model;
    const raw = id !== undefined && !namesLoopModel(id) && dependencies.app.isLanguageModelId(id);
    const parsed = (raw ? rawSchema : schema).safeParse(sent);
    if (!parsed.success) throw InvalidRequestError.fromZod(parsed.error);
    const body = parsed.data;
    const created = Math.floor(Date.now() / 1000);
    if (raw) {
      const request = rawChatRequest(body, dependencies.app.settings.limits, context.req.raw.signal);
      const result = await dependencies.app.completeChat(request, access);
      return context.json(
        rawChatCompletion(result, {
          model: body.model,
          created,
          logprobs: body.logprobs ?? false,
          topLogprobs: request.topLogprobs ?? 0,
        }),
      );
    }
    const model = await parseChatModel(dependencies.app, body.model, access);
    const background = backgroundTask(body.messages);
    if (background)
      return backgroundReply(context, background, { model: body.model, created, stream: body.stream ?? false });
    const question = standaloneQuestion(body.messages);
    if (question === "")
      throw new InvalidRequestError('Invalid field "messages": there is no user message with text to answer.');
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
    context.set("strategy", prepared.strategy);
    if (prepared.corpus !== null) context.set("corpus", prepared.corpus);

    if (body.stream)
      return streamChatCompletion(context, {
        prepared,
        model: body.model,
        created,
        topLogprobs: body.logprobs ? topLogprobs : undefined,
        includeUsage: body.stream_options?.include_usage ?? false,
        logger: dependencies.logger,
      });

    const response = await prepared.run({ abortSignal: context.req.raw.signal });
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
          logprobs: body.logprobs
            ? { content: response.answerTokens.map((token) => tokenLogprob(token, topLogprobs)) }
            : null,
          finish_reason: "stop",
        },
      ],
      usage: usageOf(response),
      recall: recallExtension(response),
    });
  });
}

/** A background request's reply: a whole completion, or the same as three chunks and [DONE]; no ask is stored. */
function backgroundReply(
  context: Context<ServerEnv>,
  background: BackgroundTask,
  options: { readonly model: string; readonly created: number; readonly stream: boolean },
): Response {
  const head = { id: `chatcmpl-${randomUUID()}`, created: options.created, model: options.model };
  const recall = { background_task: background.task };
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  if (!options.stream)
    return context.json({
      ...head,
      object: "chat.completion",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: background.content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage,
      recall,
    });
  return streamSSE(context, async (stream) => {
    const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) =>
      stream.writeSSE({
        data: JSON.stringify({
          ...head,
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
          ...extra,
        }),
      });
    await chunk({ role: "assistant", content: "" }, null);
    await chunk({ content: background.content }, null);
    await chunk({}, "stop", { recall });
    await stream.writeSSE({ data: "[DONE]" });
  });
}
