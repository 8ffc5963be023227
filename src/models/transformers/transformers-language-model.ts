import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  Tensor,
} from "@huggingface/transformers";
import { AsyncQueue } from "../../util/async-queue.ts";
import { SeededRandom } from "../../util/seeded-random.ts";
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
import { ModelCallAbortedError, ModelInputError } from "../model-errors.ts";
import { type LoadSettings, loadFromSource, modelIdOf, resolveModelSource } from "./model-source.ts";
import { chooseToken, logSoftmax, topEntries } from "./token-distribution.ts";

type Outputs = Record<string, Tensor>;
type Cache = Record<string, Tensor>;

/**
 * A causal language model run in-process by transformers.js (ONNX). Samples share the prompt's key/value cache:
 * the prompt is computed once, then the n samples decode as one batch.
 */
export class TransformersLanguageModel implements LanguageModel {
  private constructor(
    readonly modelId: string,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly endOfTextId: number,
    readonly contextLength: number,
  ) {}

  /** Loads from a folder path or a hub id (see `resolveModelSource`). */
  static async load(reference: string, settings: LoadSettings = {}): Promise<TransformersLanguageModel> {
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
    const outputs = await this.forward([ids], undefined, 0);
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
    const random = new SeededRandom(resolved.seed ?? Math.floor(Math.random() * 2 ** 32));
    const samples = resolved.samples;
    const maxTokens = Math.min(resolved.maxTokens, this.contextLength - prefix.length);
    const rows = Array.from({ length: samples }, () => ({
      ids: [] as number[],
      text: "",
      tokens: [] as TokenLogprob[],
      finish: undefined as Generation["finishReason"] | undefined,
    }));

    this.throwIfAborted(resolved.abortSignal);
    let outputs = await this.forward([prefix], undefined, 0);
    let cache = repeatCache(presentsOf(outputs), samples);
    let lastLogits = lastPositionLogits(outputs.logits as Tensor).map((row) => row);
    const single = lastLogits[0] as Float32Array;
    lastLogits = rows.map(() => single);

    for (let step = 0; step < maxTokens; step++) {
      this.throwIfAborted(resolved.abortSignal);
      const next: number[] = [];
      rows.forEach((row, sample) => {
        if (row.finish !== undefined) {
          next.push(this.endOfTextId);
          return;
        }
        const logprobs = logSoftmax(lastLogits[sample] as Float32Array);
        const id = chooseToken(logprobs, resolved.temperature, resolved.topP, random);
        next.push(id);
        if (id === this.endOfTextId) {
          row.finish = "stop";
          return;
        }
        const token = this.tokenLogprob(row.ids, id, logprobs, resolved.topLogprobs);
        row.ids.push(id);
        row.tokens.push(token);
        row.text += token.token;
        const stopAt = firstStop(row.text, resolved.stop);
        if (stopAt !== undefined) {
          row.text = row.text.slice(0, stopAt);
          row.tokens = tokensSpelling(row.tokens, stopAt);
          row.finish = "stop";
        }
        onToken(sample, token);
      });
      if (rows.every((row) => row.finish !== undefined) || step === maxTokens - 1) break;
      outputs = await this.forward(
        next.map((id) => [id]),
        cache,
        prefix.length + step,
      );
      cache = presentsOf(outputs);
      lastLogits = lastPositionLogits(outputs.logits as Tensor);
    }
    return {
      generations: rows.map((row) => ({ text: row.text, tokens: row.tokens, finishReason: row.finish ?? "length" })),
      usage: { promptTokens: prefix.length, completionTokens: rows.reduce((sum, row) => sum + row.ids.length, 0) },
    };
  }

  private tokenLogprob(
    previousIds: readonly number[],
    id: number,
    logprobs: Float32Array,
    topCount: number,
  ): TokenLogprob {
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

  /** One forward pass over `rows` (equal lengths) after `pastLength` cached positions. */
  private async forward(rows: number[][], cache: Cache | undefined, pastLength: number): Promise<Outputs> {
    const batch = rows.length;
    const length = (rows[0] as number[]).length;
    const inputIds = new Tensor("int64", BigInt64Array.from(rows.flat(), BigInt), [batch, length]);
    const attentionMask = new Tensor("int64", new BigInt64Array(batch * (pastLength + length)).fill(1n), [
      batch,
      pastLength + length,
    ]);
    const positions = new BigInt64Array(batch * length);
    for (let row = 0; row < batch; row++)
      for (let index = 0; index < length; index++) positions[row * length + index] = BigInt(pastLength + index);
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

function presentsOf(outputs: Outputs): Cache {
  const cache: Cache = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (name.startsWith("present")) cache[name.replace("present", "past_key_values")] = tensor;
  }
  return cache;
}

/** Copies a batch-1 cache into `rows` identical rows, so that every sample starts from the same prompt state. */
function repeatCache(cache: Cache, rows: number): Cache {
  if (rows === 1) return cache;
  const repeated: Cache = {};
  for (const [name, tensor] of Object.entries(cache)) {
    const source = tensor.data as Float32Array;
    const data = new Float32Array(source.length * rows);
    for (let row = 0; row < rows; row++) data.set(source, row * source.length);
    repeated[name] = new Tensor("float32", data, [rows, ...tensor.dims.slice(1)]);
  }
  return repeated;
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

function firstStop(text: string, stops: readonly string[]): number | undefined {
  let first: number | undefined;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && (first === undefined || index < first)) first = index;
  }
  return first;
}

/**
 * The tokens cut to spell exactly the first `length` characters: a stop string is not part of the text, so the token
 * that began it keeps only its characters before the stop (with its log-probability), and later ones go.
 */
function tokensSpelling(tokens: readonly TokenLogprob[], length: number): TokenLogprob[] {
  const kept: TokenLogprob[] = [];
  let offset = 0;
  for (const token of tokens) {
    if (offset >= length) break;
    const text = token.token.slice(0, length - offset);
    kept.push(text === token.token ? token : { ...token, token: text });
    offset += token.token.length;
  }
  return kept;
}
