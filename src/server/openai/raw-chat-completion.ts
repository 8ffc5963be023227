import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { RawChatRequest } from "../../app/raw-chat-completion.ts";
import type { Limits } from "../../config/config-schema.ts";
import type { GenerateResult, ChatMessage as ModelChatMessage } from "../../models/language-model.ts";
import { limitedInteger } from "../limited-schemas.ts";
import { InvalidRequestError } from "../request-errors.ts";
import { tokenLogprob } from "./chat-completion.ts";
import { type ChatRequest, messageText } from "./chat-request.ts";

/**
 * The sampling fields a chat completion of the language model itself honours (a loop model ignores them): n
 * (limits.samples), max_tokens (limits.maxTokens), temperature, top_p, seed, stop, and vLLM's prefill fields.
 */
export function rawChatFieldsSchema(limits: Limits) {
  return z.looseObject({
    n: limitedInteger(limits, "samples").min(1).nullish(),
    max_tokens: limitedInteger(limits, "maxTokens").min(1).nullish(),
    max_completion_tokens: limitedInteger(limits, "maxTokens").min(1).nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().gt(0).max(1).nullish(),
    seed: z.number().int().nullish(),
    /** At most 4, as OpenAI takes. */
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
    /** The last message is the assistant's begun reply, and the completion continues it. */
    continue_final_message: z.boolean().nullish(),
    /** Accepted for vLLM's clients: with continue_final_message the reply is left open either way. */
    add_generation_prompt: z.boolean().nullish(),
  });
}

/** A validated chat request as a request of the model itself; `abortSignal` reaches the model. */
export function rawChatRequest(body: ChatRequest, limits: Limits, abortSignal: AbortSignal): RawChatRequest {
  if (body.stream)
    throw new InvalidRequestError(
      'Invalid field "stream": a chat completion of the language model itself is not streamed; send "stream": false.',
    );
  const parsed = rawChatFieldsSchema(limits).safeParse(body);
  if (!parsed.success) throw InvalidRequestError.fromZod(parsed.error);
  const fields = parsed.data;
  const messages: ModelChatMessage[] = body.messages.map((message) => ({
    role: message.role === "developer" ? "system" : message.role === "tool" ? "user" : message.role,
    content: messageText(message),
  }));
  const continueFinalMessage = fields.continue_final_message ?? false;
  if (continueFinalMessage && messages.at(-1)?.role !== "assistant")
    throw new InvalidRequestError(
      'Invalid field "continue_final_message": the last message must be the assistant\'s begun reply.',
    );
  const stop = fields.stop === null || fields.stop === undefined ? undefined : [fields.stop].flat();
  return {
    messages,
    continueFinalMessage,
    samples: fields.n ?? 1,
    maxTokens: fields.max_completion_tokens ?? fields.max_tokens ?? Math.min(256, limits.maxTokens),
    topLogprobs: body.logprobs ? (body.top_logprobs ?? 0) : 0,
    abortSignal,
    ...(stop === undefined ? {} : { stop }),
    ...(fields.temperature === null || fields.temperature === undefined ? {} : { temperature: fields.temperature }),
    ...(fields.top_p === null || fields.top_p === undefined ? {} : { topP: fields.top_p }),
    ...(fields.seed === null || fields.seed === undefined ? {} : { seed: fields.seed }),
  };
}

/** OpenAI's chat.completion for the model's own generations: one choice a sample, with `logprobs.content`. */
export function rawChatCompletion(
  result: GenerateResult,
  options: {
    readonly model: string;
    readonly created: number;
    readonly logprobs: boolean;
    readonly topLogprobs: number;
  },
) {
  const { promptTokens, completionTokens } = result.usage;
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion" as const,
    created: options.created,
    model: options.model,
    choices: result.generations.map((generation, index) => ({
      index,
      message: { role: "assistant" as const, content: generation.text, refusal: null },
      logprobs: options.logprobs
        ? { content: generation.tokens.map((token) => tokenLogprob(token, options.topLogprobs)) }
        : null,
      finish_reason: generation.finishReason,
    })),
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}
