/** One token of a generation or a scored continuation, with the model's own log-probability of it. */
export interface TokenLogprob {
  readonly token: string;
  /** Natural-log probability under the model's unmodified distribution (before temperature or top-p). */
  readonly logprob: number;
  /** The most likely tokens at this position, best first, when `topLogprobs` was asked for. */
  readonly topLogprobs: readonly { readonly token: string; readonly logprob: number }[];
}

export interface GenerateOptions {
  readonly prompt: string;
  /** How many samples to draw from the same prompt (n). Default 1. */
  readonly samples?: number;
  readonly maxTokens: number;
  /** Generation stops before the first of these strings; the string itself is not returned. */
  readonly stop?: readonly string[];
  /** 0 means greedy. Default 1. */
  readonly temperature?: number;
  /** Nucleus sampling: keep the smallest set of tokens whose probability reaches this. Default 1. */
  readonly topP?: number;
  /** How many alternatives to report at each position. Default 0. */
  readonly topLogprobs?: number;
  /** Makes sampling repeatable. */
  readonly seed?: number;
  readonly abortSignal?: AbortSignal;
}

export type FinishReason = "stop" | "length";

export interface Generation {
  readonly text: string;
  readonly tokens: readonly TokenLogprob[];
  /** "stop": a stop string or the end-of-text token; "length": maxTokens reached. */
  readonly finishReason: FinishReason;
}

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface GenerateResult {
  readonly generations: readonly Generation[];
  readonly usage: TokenUsage;
}

/** Events of a streamed generation, in order: one start, deltas per sample, one end. */
export type GenerationStreamEvent =
  | { readonly type: "generation-start"; readonly samples: number }
  | { readonly type: "token-delta"; readonly sample: number; readonly token: TokenLogprob }
  | { readonly type: "generation-end"; readonly result: GenerateResult };

export interface ScoreOptions {
  readonly prompt: string;
  readonly continuation: string;
  readonly topLogprobs?: number;
  readonly abortSignal?: AbortSignal;
}

export interface ScoreResult {
  /** The continuation's tokens with their log-probabilities given the prompt and the tokens before them. */
  readonly tokens: readonly TokenLogprob[];
  /** Sum of the tokens' log-probabilities. */
  readonly logprob: number;
  readonly usage: TokenUsage;
}

/** One message of a chat, as a chat template reads it. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** A text generator that reports log-probabilities: the one interface the reasoning loop talks to. */
export interface LanguageModel {
  readonly modelId: string;
  /** How many tokens the model reads at most: prompt and generated tokens together. */
  readonly contextLength: number;
  /** How many tokens of this model's tokenizer a text takes. */
  countTokens(text: string): Promise<number>;
  generate(options: GenerateOptions): Promise<GenerateResult>;
  stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent>;
  score(options: ScoreOptions): Promise<ScoreResult>;
  /**
   * The model's own chat template, where it has one: the messages as the text it was trained to read, ending where
   * the assistant's reply begins.
   */
  renderChat?(messages: readonly ChatMessage[]): Promise<string>;
}
