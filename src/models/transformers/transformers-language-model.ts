import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  Tensor,
} from "@huggingface/transformers";
import { AsyncQueue } from "../../util/async-queue.ts";
import { resolveGenerateOptions } from "../generate-options.ts";
import type {
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
  TokenLogprob,
} from "../language-model.ts";
import { ModelCallAbortedError, ModelInputError } from "../model-errors.ts";
import {
  type BatcherLimits,
  type BatcherObserver,
  ContinuousBatcher,
  type DecodingEngine,
} from "./continuous-batcher.ts";
import { gatherCache, type KeyValueCache, presentsOf } from "./key-value-cache.ts";
import { type LoadSettings, loadFromSource, modelIdOf, resolveModelSource } from "./model-source.ts";
import { logSoftmax, topEntries } from "./token-distribution.ts";

type Outputs = Record<string, Tensor>;

/** How a loaded language model batches: the default bounds suit the tiny models on a small machine. */
export interface DecodingSettings {
  readonly batching?: BatcherLimits;
  readonly observer?: BatcherObserver;
}

const defaultBatching: BatcherLimits = { maxBatchRows: 16, maxQueuedRequests: 64 };

/**
 * A causal language model run in-process by transformers.js (ONNX). A request's samples share its prompt's
 * key/value cache, and the decoding steps of every request in flight run as one batch (`ContinuousBatcher`).
 */
export class TransformersLanguageModel implements LanguageModel, DecodingEngine {
  private readonly batcher: ContinuousBatcher;

  private constructor(
    readonly modelId: string,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    readonly endOfTextId: number,
    readonly contextLength: number,
    decoding: DecodingSettings,
  ) {
    this.batcher = new ContinuousBatcher(this, decoding.batching ?? defaultBatching, decoding.observer);
  }

  /** Loads from a folder path or a hub id (see `resolveModelSource`). */
  static async load(
    reference: string,
    settings: LoadSettings = {},
    decoding: DecodingSettings = {},
  ): Promise<TransformersLanguageModel> {
    const source = resolveModelSource(reference);
    const [tokenizer, model] = await loadFromSource(source, settings, (pathOrId, options) =>
      Promise.all([
        AutoTokenizer.from_pretrained(pathOrId, options),
        AutoModelForCausalLM.from_pretrained(pathOrId, options as never),
      ]),
    );
    const config = model.config as unknown as Record<string, unknown>;
    const endOfText = Number(config.eos_token_id ?? tokenizer.eos_token_id);
    const contextLength = Number(config.n_positions ?? config.max_position_embeddings ?? tokenizer.model_max_length);
    return new TransformersLanguageModel(
      modelIdOf(source),
      tokenizer,
      model,
      endOfText,
      Number.isFinite(contextLength) ? contextLength : 2048,
      decoding,
    );
  }

  async countTokens(text: string): Promise<number> {
    return this.encode(text).length;
  }

  async generate(options: GenerateOptions): Promise<GenerateResult> {
    return this.decode(options, () => {});
  }

  async *stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    const queue = new AsyncQueue<GenerationStreamEvent>();
    queue.push({ type: "generation-start", samples: options.samples ?? 1 });
    this.decode(options, (sample, token) => queue.push({ type: "token-delta", sample, token })).then(
      (result) => queue.close({ type: "generation-end", result }),
      (error: unknown) => queue.fail(error),
    );
    yield* queue;
  }

  async score(options: ScoreOptions): Promise<ScoreResult> {
    const promptIds = this.encode(options.prompt);
    const prefix = promptIds.length === 0 ? [this.endOfTextId] : promptIds;
    const continuationIds = this.encode(options.continuation);
    const ids = [...prefix, ...continuationIds];
    if (ids.length > this.contextLength) {
      throw new ModelInputError(
        this.modelId,
        `Prompt and continuation are ${ids.length} tokens; ${this.modelId} reads at most ${this.contextLength}.`,
      );
    }
    this.throwIfAborted(options.abortSignal);
    const outputs = await this.run([ids], undefined, [0]);
    const logits = outputs.logits as Tensor;
    const vocabulary = logits.dims[2] as number;
    const data = logits.data as Float32Array;
    const tokens: TokenLogprob[] = continuationIds.map((id, index) => {
      const position = prefix.length - 1 + index;
      const logprobs = logSoftmax(data.subarray(position * vocabulary, (position + 1) * vocabulary));
      return this.tokenLogprob(continuationIds.slice(0, index), id, logprobs, options.topLogprobs ?? 0);
    });
    return {
      tokens,
      logprob: tokens.reduce((sum, token) => sum + token.logprob, 0),
      usage: { promptTokens: prefix.length, completionTokens: continuationIds.length },
    };
  }

  private async decode(
    options: GenerateOptions,
    onToken: (sample: number, token: TokenLogprob) => void,
  ): Promise<GenerateResult> {
    const resolved = resolveGenerateOptions(this.modelId, options);
    const promptIds = this.encode(resolved.prompt);
    const prefix = promptIds.length === 0 ? [this.endOfTextId] : promptIds;
    if (prefix.length >= this.contextLength) {
      throw new ModelInputError(
        this.modelId,
        `The prompt is ${prefix.length} tokens; ${this.modelId} reads at most ${this.contextLength}. Shorten the prompt or the passages in it.`,
      );
    }
    const maxTokens = Math.min(resolved.maxTokens, this.contextLength - prefix.length);
    this.throwIfAborted(resolved.abortSignal);
    return this.batcher.generate(resolved, prefix, maxTokens, onToken);
  }

  /** Reads prompts of any lengths in one forward pass (see `DecodingEngine.prefill`). */
  async prefill(prompts: readonly (readonly number[])[]): Promise<{ logits: Float32Array[]; caches: KeyValueCache[] }> {
    const outputs = await this.run(prompts, undefined, []);
    const present = presentsOf(outputs);
    return {
      logits: lastPositionLogits(outputs.logits as Tensor),
      caches: prompts.map((prompt, row) => gatherCache([{ cache: present, row, length: prompt.length }])),
    };
  }

  /** One decoding step of a batch (see `DecodingEngine.step`). */
  async step(
    tokens: readonly number[],
    cache: KeyValueCache,
    lengths: readonly number[],
  ): Promise<{ logits: Float32Array[]; cache: KeyValueCache }> {
    const outputs = await this.run(
      tokens.map((token) => [token]),
      cache,
      lengths,
    );
    return { logits: lastPositionLogits(outputs.logits as Tensor), cache: presentsOf(outputs) };
  }

  /** @internal The text and log-probabilities of a chosen token (see `DecodingEngine.tokenLogprob`). */
  tokenLogprob(previousIds: readonly number[], id: number, logprobs: Float32Array, topCount: number): TokenLogprob {
    return {
      token: this.tokenText(previousIds, id),
      logprob: logprobs[id] as number,
      topLogprobs: topEntries(logprobs, topCount).map(([index, logprob]) => ({
        token: this.tokenizer.decode([index]),
        logprob,
      })),
    };
  }

  /** The text a token adds after the ones before it (byte-level tokens may only complete a character together). */
  private tokenText(previousIds: readonly number[], id: number): string {
    if (previousIds.length === 0) return this.tokenizer.decode([id]);
    const before = this.tokenizer.decode([...previousIds]);
    const after = this.tokenizer.decode([...previousIds, id]);
    return after.startsWith(before) ? after.slice(before.length) : this.tokenizer.decode([id]);
  }

  private encode(text: string): number[] {
    return text === "" ? [] : this.tokenizer.encode(text, { add_special_tokens: false });
  }

  /**
   * The model's forward pass over `rows`, each after its own `pastLengths[row]` cached positions: the cache holds the
   * longest, shorter rows left-padded, and the attention mask hides the padding. Rows read without a cache (prompts)
   * may differ in length: they are left-padded too. Rows read after a cache must be of one length.
   */
  private async run(
    rows: readonly (readonly number[])[],
    cache: KeyValueCache | undefined,
    pastLengths: readonly number[],
  ): Promise<Outputs> {
    const batch = rows.length;
    const length = Math.max(...rows.map((row) => row.length));
    const longest = cache === undefined ? 0 : Math.max(...pastLengths);
    const ids = new BigInt64Array(batch * length).fill(BigInt(this.endOfTextId));
    const mask = new BigInt64Array(batch * (longest + length)).fill(1n);
    const positions = new BigInt64Array(batch * length);
    rows.forEach((row, index) => {
      const past = cache === undefined ? 0 : (pastLengths[index] as number);
      const pad = length - row.length;
      row.forEach((id, position) => {
        ids[index * length + pad + position] = BigInt(id);
        positions[index * length + pad + position] = BigInt(past + position);
      });
      const start = index * (longest + length);
      mask.fill(0n, start, start + longest - past);
      mask.fill(0n, start + longest, start + longest + pad);
    });
    const inputIds = new Tensor("int64", ids, [batch, length]);
    const attentionMask = new Tensor("int64", mask, [batch, longest + length]);
    const inputs: Record<string, unknown> = {
      input_ids: inputIds,
      attention_mask: attentionMask,
      position_ids: new Tensor("int64", positions, [batch, length]),
    };
    if (cache !== undefined) inputs.past_key_values = cache;
    return (await (this.model as unknown as (inputs: Record<string, unknown>) => Promise<Outputs>)(inputs)) as Outputs;
  }

  private throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new ModelCallAbortedError(this.modelId);
  }
}

/** The logits at the last position of every row. */
function lastPositionLogits(logits: Tensor): Float32Array[] {
  const [batch = 1, length = 1, vocabulary = 0] = logits.dims;
  const data = logits.data as Float32Array;
  return Array.from({ length: batch }, (_, row) => {
    const start = (row * length + length - 1) * vocabulary;
    return data.subarray(start, start + vocabulary);
  });
}
