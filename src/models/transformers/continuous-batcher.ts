import { SeededRandom } from "../../util/seeded-random.ts";
import type { ResolvedGenerateOptions } from "../generate-options.ts";
import type { GenerateResult, Generation, TokenLogprob } from "../language-model.ts";
import { ModelCallAbortedError } from "../model-errors.ts";
import { ModelOverloadedError } from "../model-overloaded-error.ts";
import { type CacheRow, gatherCache, type KeyValueCache } from "./key-value-cache.ts";
import { chooseToken, logSoftmax } from "./token-distribution.ts";

/** What the batcher needs of a model: a batched forward pass and the text of a chosen token. */
export interface DecodingEngine {
  readonly modelId: string;
  /** The token a row that has ended reads while others in its batch go on. */
  readonly paddingId: number;
  /** Whether a token ends a text (a model may have several such ids); it is not part of the text. */
  isEndOfText(id: number): boolean;
  /** Reads prompts of any lengths in one forward pass: each one's logits at its last token, and its own cache. */
  prefill(prompts: readonly (readonly number[])[]): Promise<{ logits: Float32Array[]; caches: KeyValueCache[] }>;
  /**
   * One decoding step of a batch: each row reads one token after its `lengths[row]` cached positions (the cache is
   * left-padded to the longest). The logits of each row, and the batch's cache one position wider.
   */
  step(
    tokens: readonly number[],
    cache: KeyValueCache,
    lengths: readonly number[],
  ): Promise<{ logits: Float32Array[]; cache: KeyValueCache }>;
  /**
   * A chosen token as a request sees it: the text it adds after the prompt `prefix` and the tokens before it (which
   * spell `previousText`), with its log-probability and the `topCount` likeliest alternatives.
   */
  tokenLogprob(
    prefix: readonly number[],
    previousIds: readonly number[],
    previousText: string,
    id: number,
    logprobs: Float32Array,
    topCount: number,
  ): TokenLogprob;
}

/** Bounds on the running batch and the queue before it. */
export interface BatcherLimits {
  /** Sample rows decoded together at most; requests beyond wait for rows to finish. */
  readonly maxBatchRows: number;
  /** Requests waiting for rows at most; one more is refused (`ModelOverloadedError`). */
  readonly maxQueuedRequests: number;
}

/** Observations a metrics sink may take of the batcher's work. */
export interface BatcherObserver {
  batch?(rows: number): void;
  queueDepth?(requests: number): void;
}

interface Row {
  readonly sample: number;
  ids: number[];
  text: string;
  tokens: TokenLogprob[];
  finish: Generation["finishReason"] | undefined;
  /** Its cache after the prompt, until it joins the batch's cache. */
  ownCache: KeyValueCache | undefined;
  /** Positions it has in the cache (the rest of the batch's width is padding). */
  length: number;
  logits: Float32Array;
}

interface Job {
  readonly options: ResolvedGenerateOptions;
  readonly prefix: readonly number[];
  readonly maxTokens: number;
  readonly random: SeededRandom;
  readonly onToken: (sample: number, token: TokenLogprob) => void;
  readonly resolve: (result: GenerateResult) => void;
  readonly reject: (error: unknown) => void;
  rows: Row[];
  steps: number;
}

/**
 * Continuous batching: the decoding steps of every request in flight run as one batch. A request joins between two
 * steps (after its prompt is read) and leaves when its samples end, each keeping its own sampling settings, seed and
 * stop rules, so that a request draws the same tokens alone or beside others. The queue is bounded: past
 * `maxQueuedRequests` waiting requests, a new one is refused at once rather than slowing every other.
 */
export class ContinuousBatcher {
  private readonly waiting: Job[] = [];
  private readonly running: Job[] = [];
  /** The rows the batch's cache holds, in its order (some may have finished: they leave at the next repack). */
  private batchRows: Row[] = [];
  private batchCache: KeyValueCache | undefined;
  private loop: Promise<void> | undefined;
  /** A request ended since the last repack: its rows are still in the batch's cache. */
  private requestLeft = false;

  constructor(
    private readonly engine: DecodingEngine,
    private readonly limits: BatcherLimits,
    private readonly observer: BatcherObserver = {},
  ) {}

  /** Decodes `options.samples` continuations of the prompt's token ids `prefix`; resolves when all have ended. */
  generate(
    options: ResolvedGenerateOptions,
    prefix: readonly number[],
    maxTokens: number,
    onToken: (sample: number, token: TokenLogprob) => void,
  ): Promise<GenerateResult> {
    if (this.waiting.length >= this.limits.maxQueuedRequests)
      return Promise.reject(new ModelOverloadedError(this.engine.modelId, this.waiting.length));
    return new Promise((resolve, reject) => {
      this.waiting.push({
        options,
        prefix,
        maxTokens,
        random: new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32)),
        onToken,
        resolve,
        reject,
        rows: [],
        steps: 0,
      });
      this.observer.queueDepth?.(this.waiting.length);
      this.loop ??= this.run();
    });
  }

  /**
   * Steps until no request is waiting or running. It clears `loop` itself, in the same turn as its last check, so
   * that a request arriving right after starts a new loop instead of waiting for one that has ended.
   */
  private async run(): Promise<void> {
    try {
      while (this.waiting.length > 0 || this.running.length > 0) {
        await this.admit();
        this.choose();
        await this.step();
      }
    } catch (error) {
      for (const job of [...this.running]) this.end(job, error);
      for (const job of this.waiting.splice(0)) job.reject(error);
    } finally {
      this.loop = undefined;
    }
  }

  /** Reads the prompts of the waiting requests whose samples fit in the batch, all in one forward pass. */
  private async admit(): Promise<void> {
    let rows = this.running.reduce((sum, job) => sum + job.rows.length, 0);
    const admitted: Job[] = [];
    while (this.waiting.length > 0) {
      const job = this.waiting[0] as Job;
      if (rows > 0 && rows + job.options.samples > this.limits.maxBatchRows) break;
      this.waiting.shift();
      if (job.options.abortSignal?.aborted) {
        job.reject(new ModelCallAbortedError(this.engine.modelId));
        continue;
      }
      admitted.push(job);
      rows += job.options.samples;
    }
    this.observer.queueDepth?.(this.waiting.length);
    if (admitted.length === 0) return;
    try {
      const { logits, caches } = await this.engine.prefill(admitted.map((job) => job.prefix));
      admitted.forEach((job, index) => {
        const cache = caches[index] as KeyValueCache;
        const last = logits[index] as Float32Array;
        job.rows = Array.from({ length: job.options.samples }, (_, sample) => ({
          sample,
          ids: [],
          text: "",
          tokens: [],
          finish: undefined,
          ownCache: cache,
          length: job.prefix.length,
          logits: last,
        }));
        this.running.push(job);
      });
    } catch (error) {
      for (const job of admitted) job.reject(error);
    }
  }

  /** Draws each running row's next token with its own request's settings, in the request's sample order. */
  private choose(): void {
    for (const job of [...this.running]) {
      if (job.options.abortSignal?.aborted) {
        this.end(job, new ModelCallAbortedError(this.engine.modelId));
        continue;
      }
      for (const row of job.rows) {
        if (row.finish !== undefined) continue;
        const logprobs = logSoftmax(row.logits);
        const id = chooseToken(logprobs, job.options.temperature, job.options.topP, job.random);
        if (this.engine.isEndOfText(id)) {
          row.finish = "stop";
          continue;
        }
        const token = this.engine.tokenLogprob(job.prefix, row.ids, row.text, id, logprobs, job.options.topLogprobs);
        row.ids.push(id);
        row.tokens.push(token);
        row.text += token.token;
        const stopAt = firstStop(row.text, job.options.stop);
        if (stopAt !== undefined) {
          row.text = row.text.slice(0, stopAt);
          row.tokens = tokensSpelling(row.tokens, stopAt);
          row.finish = "stop";
        }
        job.onToken(row.sample, token);
      }
      job.steps++;
      if (job.rows.every((row) => row.finish !== undefined) || job.steps >= job.maxTokens) this.end(job);
    }
  }

  /**
   * One forward pass for every row still decoding, whatever request it belongs to. The batch's cache carries over
   * from step to step; it is rebuilt (a copy) only when rows join, or when rows that ended fill half of it.
   */
  private async step(): Promise<void> {
    const live = this.running.flatMap((job) => job.rows.filter((row) => row.finish === undefined));
    if (live.length === 0) return;
    const joining = live.some((row) => row.ownCache !== undefined);
    // Rows of a request that ended leave at once (their positions would otherwise keep growing past the model's
    // context); rows that finished within a running request stay until they fill half the batch.
    const finished = this.batchRows.filter((row) => row.finish !== undefined).length;
    if (joining || this.requestLeft || finished * 2 > this.batchRows.length) this.repack(live);
    this.observer.batch?.(this.batchRows.length);
    try {
      const rows = this.batchRows;
      const { logits, cache } = await this.engine.step(
        rows.map((row) => (row.finish === undefined ? (row.ids[row.ids.length - 1] as number) : this.engine.paddingId)),
        this.batchCache as KeyValueCache,
        rows.map((row) => row.length),
      );
      this.batchCache = cache;
      rows.forEach((row, index) => {
        row.length++;
        if (row.finish === undefined) row.logits = logits[index] as Float32Array;
      });
    } catch (error) {
      for (const job of [...this.running]) this.end(job, error);
    }
  }

  /** Rebuilds the batch's cache with exactly these rows: the ones already in it, and those joining after a prompt. */
  private repack(rows: readonly Row[]): void {
    const parts: CacheRow[] = rows.map((row) =>
      row.ownCache !== undefined
        ? { cache: row.ownCache, row: 0, length: row.length }
        : { cache: this.batchCache as KeyValueCache, row: this.batchRows.indexOf(row), length: row.length },
    );
    this.batchCache = gatherCache(parts);
    this.batchRows = [...rows];
    this.requestLeft = false;
    for (const row of rows) row.ownCache = undefined;
  }

  /** Settles a request and frees its rows. */
  private end(job: Job, error?: unknown): void {
    this.running.splice(this.running.indexOf(job), 1);
    this.requestLeft = true;
    if (this.running.length === 0) {
      this.batchRows = [];
      this.batchCache = undefined;
    }
    if (error !== undefined) {
      job.reject(error);
      return;
    }
    job.resolve({
      generations: job.rows.map((row) => ({
        text: row.text,
        tokens: row.tokens,
        finishReason: row.finish ?? "length",
      })),
      usage: {
        promptTokens: job.prefix.length,
        completionTokens: job.rows.reduce((sum, row) => sum + row.ids.length, 0),
      },
    });
  }
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
