import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { PreparedAsk } from "../../app/ask-service.ts";
import { RecallError } from "../../errors/recall-error.ts";
import type { Logger } from "../../logging/logger.ts";
import type { TraceEvent } from "../../reasoning/trace-events.ts";
import { type AskStartEvent, askStartEvent } from "../ask-start-event.ts";
import { errorResponse } from "../error-response.ts";
import { logServerFailure } from "../log-server-failure.ts";
import type { ServerEnv } from "../server-env.ts";
import { annotations, answerContent, recallExtension, tokenLogprob, usageOf } from "./chat-completion.ts";
import { progressLine } from "./progress-line.ts";

export interface ChatStreamOptions {
  readonly prepared: PreparedAsk;
  /** The model id the client asked for, echoed in every chunk. */
  readonly model: string;
  readonly created: number;
  /** Alternatives per token when the client asked for logprobs; undefined when it did not. */
  readonly topLogprobs: number | undefined;
  readonly includeUsage: boolean;
  readonly logger: Logger;
}

/**
 * A chat completion streamed live: the role chunk at once, then the ask's progress as it happens in
 * `delta.reasoning_content` (the field DeepSeek, vLLM and LiteLLM use, which Open WebUI and LibreChat show as the
 * model's thinking), each line also as an Open WebUI `status` event (`event` on the chunk, which Open WebUI forwards
 * from any OpenAI connection); the answer in `delta.content` as soon as it is decided; then the annotations, the
 * `recall` extension, the usage when asked for, and `[DONE]`. With logprobs the answer waits for the end of the ask,
 * to go out token by token with its log-probabilities. A client that leaves aborts the ask.
 */
export function streamChatCompletion(context: Context<ServerEnv>, options: ChatStreamOptions): Response {
  const { prepared, model, created } = options;
  return streamSSE(context, async (stream) => {
    const controller = new AbortController();
    stream.onAbort(() => controller.abort());
    context.req.raw.signal.addEventListener("abort", () => controller.abort());
    const id = `chatcmpl-${prepared.id}`;
    // Each chunk is written the moment it is made, in order; nothing waits for the ask to end.
    let written = Promise.resolve();
    const write = (data: string): void => {
      written = written.then(() => stream.writeSSE({ data }));
    };
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): void =>
      write(JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra }));
    const delta = (fields: Record<string, unknown>, finishReason: string | null = null, logprobs: unknown = null) => ({
      index: 0,
      delta: fields,
      logprobs,
      finish_reason: finishReason,
    });

    let contentSent = false;
    const emit = (event: AskStartEvent | TraceEvent): void => {
      const line = progressLine(event);
      if (line !== undefined) {
        const status = { description: line.replace(/\n/g, " · "), done: event.type === "answer-end" };
        chunk([delta({ reasoning_content: `${line}\n` })], { event: { type: "status", data: status } });
      }
      if (event.type === "answer-end" && options.topLogprobs === undefined) {
        chunk([delta({ content: answerContent(event).content })]);
        contentSent = true;
      }
    };

    chunk([delta({ role: "assistant", content: "" })]);
    emit(askStartEvent(prepared));
    try {
      const response = await prepared.run({ emit, abortSignal: controller.signal });
      const { content, markers } = answerContent(response);
      if (!contentSent) {
        let sent = 0;
        for (const token of options.topLogprobs === undefined ? [] : response.answerTokens) {
          const text = sent === 0 ? token.token.trimStart() : token.token;
          sent += text.length;
          chunk([delta({ content: text }, null, { content: [tokenLogprob(token, options.topLogprobs ?? 0)] })]);
        }
        chunk([delta({ content: content.slice(sent) })]);
      }
      chunk([delta({ annotations: annotations(response, markers) }, "stop")], { recall: recallExtension(response) });
      if (options.includeUsage) chunk([], { usage: usageOf(response) });
      write("[DONE]");
      await written;
    } catch (error) {
      await written;
      // Aborted by the server (a deadline, a shutdown), the stream says why; aborted by its client, nobody is left.
      const reason: unknown = context.req.raw.signal.reason;
      const stoppedBy = reason instanceof RecallError ? reason : undefined;
      if (controller.signal.aborted && !stoppedBy) return;
      const requestId = context.get("requestId");
      const { status, body } = errorResponse(stoppedBy ?? error, requestId);
      if (status >= 500 && !stoppedBy)
        logServerFailure(options.logger, "chat completion failed", {
          requestId,
          path: context.req.path,
          code: body.error.code,
          error,
        });
      await stream.writeSSE({ data: JSON.stringify(body) });
      await stream.writeSSE({ data: "[DONE]" });
    }
  });
}
