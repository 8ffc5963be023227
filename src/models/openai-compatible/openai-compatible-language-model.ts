import { z } from "zod";
import { RecallError } from "../../errors/recall-error.ts";
import { resolveGenerateOptions } from "../generate-options.ts";
import type {
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
import { postJson, type RemoteSettings } from "./http-client.ts";
import { estimateTokens, refuseLongPrompt, streamAfterwards } from "./remote-generation.ts";

/**
 * A server that returned completions without the log-probabilities Recall's confidence and rewards need. The message,
 * for the operator, names the server's URL; a remote client is told only what is missing.
 */
export class LogprobsUnavailableError extends RecallError {
  override readonly name = "LogprobsUnavailableError";
  readonly code = "logprobs_unavailable";
  readonly status = 502;

  constructor(
    readonly model: string,
    baseUrl: string,
    /** The endpoint that answered without them. */
    endpoint: "/v1/completions" | "/v1/chat/completions" = "/v1/completions",
  ) {
    super(
      `The server at ${baseUrl} returned no log-probabilities for "${model}". Recall needs them: use a server whose ${endpoint} honours "logprobs" (vLLM, llama.cpp server, Recall itself), or a local model.`,
    );
  }

  override get clientMessage(): string {
    return "The language model's server returned no log-probabilities, which Recall needs to judge its answers. The server's operator must configure a model server that returns them; the details are in the server's log.";
  }
}

const legacyLogprobs = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullish(),
  text_offset: z.array(z.number()).nullish(),
});

const completionResponse = z.object({
  choices: z.array(
    z.object({
      index: z.number().optional(),
      text: z.string(),
      logprobs: legacyLogprobs.nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number().optional() }).nullish(),
});

export interface RemoteLanguageModelSettings extends RemoteSettings {
  /** The model's name on the server. */
  readonly model: string;
  /** How many tokens the served model reads. */
  readonly contextLength: number;
}

/**
 * A language model behind an OpenAI-compatible text-completion endpoint (vLLM, llama.cpp server, Recall's own
 * /v1/completions): n samples, stop strings, seed and per-token log-probabilities; scoring through `echo`.
 * Streaming is delivered after the completion returns. Token counts for fitting prompts are estimated (about
 * three characters a token, erring long), since the API has no tokenizer endpoint.
 */
export class OpenAICompatibleLanguageModel implements LanguageModel {
  readonly modelId: string;
  readonly contextLength: number;

  constructor(private readonly settings: RemoteLanguageModelSettings) {
    this.modelId = settings.model;
    this.contextLength = settings.contextLength;
  }

  async countTokens(text: string): Promise<number> {
    return estimateTokens(text);
  }

  async generate(options: GenerateOptions): Promise<GenerateResult> {
    resolveGenerateOptions(this.modelId, options);
    await refuseLongPrompt(this, options.prompt);
    if (options.abortSignal?.aborted) throw new ModelCallAbortedError(this.modelId);
    const raw = await postJson(
      this.settings,
      this.modelId,
      "/completions",
      {
        model: this.modelId,
        prompt: options.prompt,
        n: options.samples ?? 1,
        max_tokens: options.maxTokens,
        temperature: options.temperature ?? 1,
        top_p: options.topP ?? 1,
        logprobs: Math.max(options.topLogprobs ?? 0, 1),
        ...(options.stop && options.stop.length > 0 ? { stop: options.stop } : {}),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      },
      options.abortSignal,
    );
    const response = this.parse(raw);
    const generations: Generation[] = [...response.choices]
      .sort((left, right) => (left.index ?? 0) - (right.index ?? 0))
      .map((choice) => ({
        text: choice.text,
        tokens: this.tokens(choice.logprobs, options.topLogprobs ?? 0),
        finishReason: choice.finish_reason === "length" ? "length" : "stop",
      }));
    return {
      generations,
      usage: {
        promptTokens: response.usage?.prompt_tokens ?? 0,
        completionTokens: response.usage?.completion_tokens ?? 0,
      },
    };
  }

  stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    return streamAfterwards(options, (same) => this.generate(same));
  }

  async score(options: ScoreOptions): Promise<ScoreResult> {
    const raw = await postJson(
      this.settings,
      this.modelId,
      "/completions",
      {
        model: this.modelId,
        prompt: options.prompt + options.continuation,
        max_tokens: 0,
        echo: true,
        logprobs: Math.max(options.topLogprobs ?? 0, 1),
      },
      options.abortSignal,
    );
    const choice = this.parse(raw).choices[0];
    const logprobs = choice?.logprobs;
    if (!logprobs?.text_offset) throw new LogprobsUnavailableError(this.modelId, this.settings.baseUrl);
    const all = this.tokens(logprobs, options.topLogprobs ?? 0);
    const offsets = logprobs.text_offset;
    const tokens = all.filter(
      (_, index) => (offsets[index] ?? 0) + (all[index]?.token.length ?? 0) > options.prompt.length,
    );
    return {
      tokens,
      logprob: tokens.reduce((sum, token) => sum + token.logprob, 0),
      usage: { promptTokens: all.length - tokens.length, completionTokens: tokens.length },
    };
  }

  private parse(raw: unknown): z.output<typeof completionResponse> {
    const parsed = completionResponse.safeParse(raw);
    if (!parsed.success) throw new LogprobsUnavailableError(this.modelId, this.settings.baseUrl);
    if (parsed.data.choices.some((choice) => !choice.logprobs))
      throw new LogprobsUnavailableError(this.modelId, this.settings.baseUrl);
    return parsed.data;
  }

  private tokens(logprobs: z.output<typeof legacyLogprobs> | null | undefined, top: number): TokenLogprob[] {
    if (!logprobs) return [];
    return logprobs.tokens.map((token, index) => ({
      token,
      logprob: logprobs.token_logprobs[index] ?? 0,
      topLogprobs: Object.entries(logprobs.top_logprobs?.[index] ?? {})
        .map(([alternative, logprob]) => ({ token: alternative, logprob }))
        .sort((left, right) => right.logprob - left.logprob)
        .slice(0, top),
    }));
  }
}
