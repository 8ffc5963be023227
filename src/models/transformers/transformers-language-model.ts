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
  ChatMessage,
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
import { endOfTextIds, firstId } from "./end-of-text-ids.ts";
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
  /** Present when the tokenizer has a chat template (tokenizer_config.json's chat_template). */
  readonly renderChat?: (messages: readonly ChatMessage[]) => Promise<string>;

  private constructor(
    readonly modelId: string,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    /** The id that fills the positions a shorter row leaves empty: the config's (first) end-of-text id. */
    readonly paddingId: number,
    /** Every id that ends a generation (see `endOfTextIds`). */
    private readonly endOfText: ReadonlySet<number>,
    /** What an empty prompt is read as: the beginning-of-text token, or end-of-text where a model has none. */
    private readonly startId: number,
    readonly contextLength: number,
    decoding: DecodingSettings,
  ) {
    this.batcher = new ContinuousBatcher(this, decoding.batching ?? defaultBatching, decoding.observer);
    if ((tokenizer as unknown as { chat_template?: unknown }).chat_template) {
      this.renderChat = async (messages) => {
        try {
          return tokenizer.apply_chat_template(
            messages.map((message) => ({ ...message })),
            { tokenize: false, add_generation_prompt: true },
          ) as string;
        } catch (error) {
          const complaint = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
          throw new ModelInputError(
            modelId,
            `The chat template of ${modelId} refused these messages: ${complaint}. Send only the roles and order it accepts (some templates take no system message, or want user and assistant turns to alternate).`,
          );
        }
      };
    }
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
    const padding = Number(firstId(config.eos_token_id) ?? tokenizer.eos_token_id);
    const start = Number(firstId(config.bos_token_id) ?? tokenizer.bos_token_id ?? padding);
    const contextLength = Number(config.n_positions ?? config.max_position_embeddings ?? tokenizer.model_max_length);
    return new TransformersLanguageModel(
      modelIdOf(source),
      tokenizer,
      model,
      padding,
      endOfTextIds(config, model.generation_config, tokenizer.eos_token_id),
      start,
      Number.isFinite(contextLength) ? contextLength : 2048,
      decoding,
    );
  }

  /** The tokens the model reads for `text` as a prompt: BOS included where the tokenizer adds one. */
  async countTokens(text: string): Promise<number> {
    return this.promptIds(text).length;
  }

  /** Whether a token ends the text (see `DecodingEngine.isEndOfText`). */
  isEndOfText(id: number): boolean {
    return this.endOfText.has(id);
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

  /**
   * Scores a continuation in the model's own tokenization of prompt and continuation together (a tokenizer may merge
   * across the seam, or spell a word's start differently alone): the tokens after the part the two encodings share
   * are the continuation's, and each is scored after all the tokens before it.
   */
  async score(options: ScoreOptions): Promise<ScoreResult> {
    const prefix = this.promptIds(options.prompt);
    const ids =
      options.prompt === ""
        ? [...prefix, ...this.encode(options.continuation)]
        : this.promptIds(`${options.prompt}${options.continuation}`);
    if (ids.length > this.contextLength) {
      throw new ModelInputError(
        this.modelId,
        `Prompt and continuation are ${ids.length} tokens; ${this.modelId} reads at most ${this.contextLength}.`,
      );
    }
    // The prompt keeps at least its first token (BOS, or the start id), so that the first scored one has a context.
    const shared = Math.max(1, sharedLength(prefix, ids));
    this.throwIfAborted(options.abortSignal);
    const outputs = await this.run([ids], undefined, [0]);
    const logits = float32Of(outputs.logits as Tensor);
    const vocabulary = (outputs.logits as Tensor).dims[2] as number;
    const context = ids.slice(0, shared);
    const continuationIds = ids.slice(shared);
    const tokens: TokenLogprob[] = [];
    let text = "";
    continuationIds.forEach((id, index) => {
      const position = shared - 1 + index;
      const logprobs = logSoftmax(logits.subarray(position * vocabulary, (position + 1) * vocabulary));
      const token = this.tokenLogprob(
        context,
        continuationIds.slice(0, index),
        text,
        id,
        logprobs,
        options.topLogprobs ?? 0,
      );
      tokens.push(token);
      text += token.token;
    });
    return {
      tokens,
      logprob: tokens.reduce((sum, token) => sum + token.logprob, 0),
      usage: { promptTokens: shared, completionTokens: continuationIds.length },
    };
  }

  private async decode(
    options: GenerateOptions,
    onToken: (sample: number, token: TokenLogprob) => void,
  ): Promise<GenerateResult> {
    const resolved = resolveGenerateOptions(this.modelId, options);
    const prefix = this.promptIds(resolved.prompt);
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
  tokenLogprob(
    prefix: readonly number[],
    previousIds: readonly number[],
    previousText: string,
    id: number,
    logprobs: Float32Array,
    topCount: number,
  ): TokenLogprob {
    const textAdded = (candidate: number) => {
      const text = this.textAfter(prefix, [...previousIds, candidate]);
      return text.slice(sharedLength(previousText, text));
    };
    return {
      token: textAdded(id),
      logprob: logprobs[id] as number,
      topLogprobs: topEntries(logprobs, topCount).map(([index, logprob]) => ({ token: textAdded(index), logprob })),
    };
  }

  /**
   * The text `ids` spell after the prompt `prefix`, decoded together with the prompt's last token: a tokenizer may
   * spell a token differently at the start of a text (SentencePiece drops a word's leading space there). A character
   * whose bytes are not all there yet is left out until they are. It never cleans up spaces (" n't", " ,"), which
   * would rewrite the text before the newest token.
   */
  private textAfter(prefix: readonly number[], ids: readonly number[]): string {
    const decode = (part: number[]) => this.tokenizer.decode(part, { clean_up_tokenization_spaces: false });
    const context = prefix.slice(-1);
    const before = decode(context);
    const after = decode([...context, ...ids]);
    const text = after.startsWith(before) ? after.slice(before.length) : decode([...ids]);
    return text.replace(/\uFFFD+$/, "");
  }

  /**
   * A prompt's token ids as the tokenizer frames a text (BOS where it adds one, unless the text already begins with
   * it, as a chat template writes it); an empty prompt is the start id.
   */
  private promptIds(text: string): number[] {
    const bos = (this.tokenizer as unknown as { bos_token?: string | null }).bos_token;
    const framed = typeof bos === "string" && bos !== "" && text.startsWith(bos);
    const ids = this.tokenizer.encode(text, { add_special_tokens: !framed });
    return ids.length > 0 ? ids : [this.startId];
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
    const ids = new BigInt64Array(batch * length).fill(BigInt(this.paddingId));
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
  const data = float32Of(logits);
  return Array.from({ length: batch }, (_, row) => {
    const start = (row * length + length - 1) * vocabulary;
    return data.subarray(start, start + vocabulary);
  });
}

/** A tensor's values as 32-bit floats (an fp16 model's logits come as 16-bit floats). */
function float32Of(tensor: Tensor): Float32Array {
  return tensor.type === "float32" ? (tensor.data as Float32Array) : (tensor.to("float32").data as Float32Array);
}

/** The number of leading items (ids, or characters) two sequences share. */
function sharedLength<Item>(left: ArrayLike<Item>, right: ArrayLike<Item>): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) length++;
  return length;
}
