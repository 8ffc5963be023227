import { z } from "zod";
import { RecallError } from "../../errors/recall-error.ts";
import { resolveGenerateOptions } from "../generate-options.ts";
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  Generation,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
  TokenLogprob,
} from "../language-model.ts";
import { ModelCallAbortedError } from "../model-errors.ts";
import { decodeChatPrompt, encodeChatPrompt } from "./chat-prompt-encoding.ts";
import { postJson, type RemoteSettings } from "./http-client.ts";
import { LogprobsUnavailableError } from "./openai-compatible-language-model.ts";
import { estimateTokens, refuseLongPrompt, streamAfterwards } from "./remote-generation.ts";
import { cutAtStop, dropLeading, restatedLength } from "./reply-trimming.ts";
import { UpstreamResponseError } from "./upstream-errors.ts";

/**
 * How a begun assistant reply reaches a chat server: "continue-final-message" sends it as a final assistant message
 * with `continue_final_message: true, add_generation_prompt: false` (vLLM, Recall); "instruction" asks, in the last
 * user message, for the reply to be continued from where it stops (any server, less exactly).
 */
export type ChatPrefill = "continue-final-message" | "instruction";

/**
 * A chat API cannot give the log-probability of a given text: Recall's echo scoring needs a completions backend.
 * 501 (not implemented), not 502: no upstream server failed or answered badly; this server, as configured, lacks the
 * capability, and the client did nothing wrong. The message, for the operator, says how to configure it.
 */
export class ScoringUnsupportedError extends RecallError {
  override readonly name = "ScoringUnsupportedError";
  readonly code = "scoring_unsupported";
  readonly status = 501;

  constructor(readonly model: string) {
    super(
      `The language model "${model}" is served through a chat API (api: "chat"), which cannot score a given text. Use api "completions" against a server whose /v1/completions honours "echo" (vLLM, Recall), or a local model.`,
    );
  }

  override get clientMessage(): string {
    return "This server's language model cannot score a given text (its backend has no way to return a text's own log-probabilities). Ask without scoring (echo), or ask the server's operator for a backend that scores.";
  }
}

const chatLogprob = z.object({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() })).nullish(),
});

const chatResponse = z.object({
  choices: z.array(
    z.object({
      index: z.number().optional(),
      message: z.object({ content: z.string().nullish() }),
      logprobs: z.object({ content: z.array(chatLogprob).nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number().optional() }).nullish(),
});

export interface RemoteChatModelSettings extends RemoteSettings {
  /** The model's name on the server. */
  readonly model: string;
  /** How many tokens the served model reads. */
  readonly contextLength: number;
  /** How a begun reply is continued (see ChatPrefill); `recall models check` says whether the server has prefill. */
  readonly prefill: ChatPrefill;
}

/**
 * A language model behind an OpenAI-compatible chat endpoint (OpenAI, Ollama, LM Studio, vLLM, Recall's own
 * /v1/chat/completions): n samples, stop strings, seed and per-token log-probabilities. Its `renderChat` encodes the
 * messages for its own `generate`, which sends them as messages, the text after them as the assistant's begun reply;
 * a plain prompt is sent as one user message. A server that returns fewer choices than asked is asked again for the
 * rest. Asked by instruction, a reply's leading restatement of the begun reply (or of its last line) is dropped. Token counts are estimated (about three characters a token, erring long); it cannot score (`score` throws).
 */
export class OpenAICompatibleChatModel implements LanguageModel {
  readonly modelId: string;
  readonly contextLength: number;

  constructor(private readonly settings: RemoteChatModelSettings) {
    this.modelId = settings.model;
    this.contextLength = settings.contextLength;
  }

  async countTokens(text: string): Promise<number> {
    return estimateTokens(text);
  }

  async renderChat(messages: readonly ChatMessage[]): Promise<string> {
    return encodeChatPrompt(messages);
  }

  async generate(options: GenerateOptions): Promise<GenerateResult> {
    const resolved = resolveGenerateOptions(this.modelId, options);
    await refuseLongPrompt(this, options.prompt);
    const begun = decodeChatPrompt(options.prompt)?.begun ?? "";
    const messages = this.messages(options.prompt);
    const instructed = this.settings.prefill === "instruction" && begun !== "";
    // A template that trims message content drops a begun reply's final "\n": the model then writes it first, and a
    // "\n" stop would end the line before it began. The stops are applied here instead, after a leading "\n".
    const stopsHere = this.settings.prefill === "continue-final-message" && begun.endsWith("\n");
    const stop = stopsHere ? [] : resolved.stop;
    const generations: Generation[] = [];
    let promptTokens = 0;
    let completionTokens = 0;
    while (generations.length < resolved.samples) {
      if (options.abortSignal?.aborted) throw new ModelCallAbortedError(this.modelId);
      const samples = resolved.samples - generations.length;
      const seed = resolved.seed === undefined ? undefined : resolved.seed + generations.length;
      const response = await this.complete(messages, { ...resolved, samples, seed, stop }, options.abortSignal);
      for (const choice of [...response.choices].sort((left, right) => (left.index ?? 0) - (right.index ?? 0))) {
        const generation: Generation = {
          text: choice.message.content ?? "",
          tokens: (choice.logprobs?.content ?? []).map((token) => tokenLogprob(token, resolved.topLogprobs)),
          finishReason: choice.finish_reason === "length" ? "length" : "stop",
        };
        if (instructed) generations.push(dropLeading(generation, restatedLength(generation.text, begun)));
        else if (stopsHere)
          generations.push(cutAtStop(dropLeading(generation, generation.text.startsWith("\n") ? 1 : 0), resolved.stop));
        else generations.push(generation);
      }
      promptTokens = response.usage?.prompt_tokens ?? promptTokens;
      completionTokens += response.usage?.completion_tokens ?? 0;
    }
    return { generations: generations.slice(0, resolved.samples), usage: { promptTokens, completionTokens } };
  }

  stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    return streamAfterwards(options, (same) => this.generate(same));
  }

  async score(_options: ScoreOptions): Promise<ScoreResult> {
    throw new ScoringUnsupportedError(this.modelId);
  }

  /** The request's messages: the encoded chat and its begun reply, or a plain prompt as one user message. */
  private messages(prompt: string): Record<string, unknown>[] {
    const decoded = decodeChatPrompt(prompt);
    if (!decoded) return [{ role: "user", content: prompt }];
    const messages: Record<string, unknown>[] = decoded.messages.map((message) => ({ ...message }));
    if (decoded.begun === "") return messages;
    if (this.settings.prefill === "continue-final-message")
      return [...messages, { role: "assistant", content: decoded.begun }];
    const instruction = `Continue this reply exactly from where it stops, writing only what comes next:\n\n${decoded.begun}`;
    const last = decoded.messages.at(-1);
    if (last?.role !== "user") return [...messages, { role: "user", content: instruction }];
    return [...messages.slice(0, -1), { role: "user", content: `${last.content}\n\n${instruction}` }];
  }

  private async complete(
    messages: readonly Record<string, unknown>[],
    options: {
      samples: number;
      maxTokens: number;
      stop: readonly string[];
      temperature: number;
      topP: number;
      topLogprobs: number;
      seed: number | undefined;
    },
    abortSignal: AbortSignal | undefined,
  ): Promise<z.output<typeof chatResponse>> {
    const prefilled = this.settings.prefill === "continue-final-message" && messages.at(-1)?.role === "assistant";
    const raw = await postJson(
      this.settings,
      this.modelId,
      "/chat/completions",
      {
        model: this.modelId,
        messages,
        n: options.samples,
        max_tokens: options.maxTokens,
        temperature: options.temperature,
        top_p: options.topP,
        logprobs: true,
        ...(options.topLogprobs > 0 ? { top_logprobs: options.topLogprobs } : {}),
        ...(options.stop.length > 0 ? { stop: options.stop } : {}),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(prefilled ? { continue_final_message: true, add_generation_prompt: false } : {}),
      },
      abortSignal,
    );
    const parsed = chatResponse.safeParse(raw);
    if (!parsed.success || parsed.data.choices.length === 0)
      throw new UpstreamResponseError(
        this.modelId,
        `The server at ${this.settings.baseUrl} answered /chat/completions for "${this.modelId}" with ${parsed.success ? "no choices" : `an unexpected body (${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") ?? "?"})`}. Check that it is an OpenAI-compatible chat server.`,
      );
    for (const choice of parsed.data.choices)
      if (!choice.logprobs || (!choice.logprobs.content && (choice.message.content ?? "") !== ""))
        throw new LogprobsUnavailableError(this.modelId, this.settings.baseUrl, "/v1/chat/completions");
    return parsed.data;
  }
}

function tokenLogprob(token: z.output<typeof chatLogprob>, top: number): TokenLogprob {
  return {
    token: token.token,
    logprob: token.logprob,
    topLogprobs: [...(token.top_logprobs ?? [])].sort((left, right) => right.logprob - left.logprob).slice(0, top),
  };
}
