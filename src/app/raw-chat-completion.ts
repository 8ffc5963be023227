import type { ChatMessage, GenerateResult, LanguageModel } from "../models/language-model.ts";

/** A chat completion asked of the configured language model itself, not of the reasoning loop. */
export interface RawChatRequest {
  readonly messages: readonly ChatMessage[];
  /** The last message is the assistant's begun reply, which the generation continues (prefill). */
  readonly continueFinalMessage?: boolean;
  readonly samples?: number;
  readonly maxTokens: number;
  readonly stop?: readonly string[];
  readonly temperature?: number;
  readonly topP?: number;
  readonly topLogprobs?: number;
  readonly seed?: number;
  readonly abortSignal?: AbortSignal;
}

const roleLabels = { system: "System", user: "User", assistant: "Assistant" } as const;

/**
 * The text the model reads for a chat: its own chat template where it has one, else a role-labelled transcript; with
 * `continueFinalMessage`, the last assistant message is left open, so that the reply continues its text.
 */
export async function rawChatPrompt(
  model: LanguageModel,
  messages: readonly ChatMessage[],
  continueFinalMessage: boolean,
): Promise<string> {
  const last = messages.at(-1);
  const begun = continueFinalMessage && last?.role === "assistant" ? last.content : "";
  const before = continueFinalMessage && last?.role === "assistant" ? messages.slice(0, -1) : messages;
  if (model.renderChat) return `${await model.renderChat(before)}${begun}`;
  const turns = before.map((message) => `${roleLabels[message.role]}: ${message.content}`);
  return `${[...turns, `${roleLabels.assistant}: ${begun}`].join("\n\n")}`;
}

/** Generates a chat reply (n samples, with log-probabilities) from the model itself. */
export async function completeRawChat(model: LanguageModel, request: RawChatRequest): Promise<GenerateResult> {
  const prompt = await rawChatPrompt(model, request.messages, request.continueFinalMessage ?? false);
  return model.generate({
    prompt,
    maxTokens: request.maxTokens,
    ...(request.samples === undefined ? {} : { samples: request.samples }),
    ...(request.stop === undefined ? {} : { stop: request.stop }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { topP: request.topP }),
    ...(request.topLogprobs === undefined ? {} : { topLogprobs: request.topLogprobs }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal }),
  });
}
