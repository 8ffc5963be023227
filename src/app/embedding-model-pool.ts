import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../models/embedding-model.ts";

/** An embedding model as the pool loads it: one that runs on something it must stop (a worker thread) has `close`. */
export type StoppableEmbeddingModel = EmbeddingModel & { close?(): Promise<void> | void };

interface Entry {
  readonly key: string;
  readonly model: Promise<StoppableEmbeddingModel>;
  /** Calls running on the model, its own load included: a model in use is never closed. */
  users: number;
  /** When it was last used, on the pool's clock: the least recently used model is unloaded first. */
  lastUsed: number;
  /** Chosen to make room while in use: it is closed when its last call ends, unless a new call wants it first. */
  retiring: boolean;
}

/**
 * The embedding models a server holds, so that it can search corpora of different models at once: each is loaded on
 * first use (callers that need a model being loaded wait for that one load) and at most `capacity` stay loaded. Making
 * room unloads the least recently used model, closing it, but never under a running call: a model in use is closed
 * when its last call ends, and until then the pool holds it beside the others rather than make a request wait for
 * another's. Callers get a model they may keep for as long as they like (a retriever, an index run): each call takes
 * the pooled model for its duration, loading it again if it was unloaded since.
 */
export class EmbeddingModelPool {
  private readonly entries = new Map<string, Entry>();
  private readonly closing = new Set<Promise<void>>();
  private clock = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`An embedding model pool holds at least one model, not ${capacity}.`);
  }

  /** The model under `key`, made by `load` unless it is loaded (or being loaded) already. */
  async get(key: string, load: () => Promise<StoppableEmbeddingModel>): Promise<EmbeddingModel> {
    const loaded = await this.use(key, load, async (model) => model);
    return new PooledEmbeddingModel(loaded, (call) => this.use(key, load, call));
  }

  /** The keys of the models loaded or being loaded, least recently used first. */
  loadedKeys(): string[] {
    return [...this.entries.values()].sort((left, right) => left.lastUsed - right.lastUsed).map((entry) => entry.key);
  }

  /** Closes every model, waiting for loads under way; calls still running on them fail. */
  async close(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) this.stop(entry);
    await Promise.all([...this.closing]);
  }

  /** Runs `call` on the model under `key`, loaded if need be; the model is not closed while the call runs. */
  private async use<T>(
    key: string,
    load: () => Promise<StoppableEmbeddingModel>,
    call: (model: EmbeddingModel) => Promise<T>,
  ): Promise<T> {
    const entry = this.acquire(key, load);
    try {
      return await call(await entry.model);
    } finally {
      this.release(entry);
    }
  }

  private acquire(key: string, load: () => Promise<StoppableEmbeddingModel>): Entry {
    const found = this.entries.get(key);
    const entry = found ?? { key, model: load(), users: 0, lastUsed: 0, retiring: false };
    if (!found) {
      // A failed load is forgotten, so that the next call tries again.
      entry.model.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
      this.entries.set(key, entry);
    }
    entry.users += 1;
    entry.lastUsed = ++this.clock;
    if (!found || entry.retiring) {
      entry.retiring = false;
      this.makeRoom(entry);
    }
    return entry;
  }

  private release(entry: Entry): void {
    entry.users -= 1;
    entry.lastUsed = ++this.clock;
    if (entry.retiring && entry.users === 0) this.unload(entry);
  }

  /**
   * Keeps at most `capacity` models that are not retiring, `kept` among them: the least recently used others go, at
   * once when idle, else when their last call ends.
   */
  private makeRoom(kept: Entry): void {
    const staying = [...this.entries.values()].filter((entry) => !entry.retiring && entry !== kept);
    staying.sort((left, right) => left.lastUsed - right.lastUsed);
    for (const entry of staying.slice(0, Math.max(0, staying.length + 1 - this.capacity))) {
      if (entry.users === 0) this.unload(entry);
      else entry.retiring = true;
    }
  }

  private unload(entry: Entry): void {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.stop(entry);
  }

  private stop(entry: Entry): void {
    const stopped = entry.model.then(
      async (model) => {
        await model.close?.();
      },
      // A model that failed to load has nothing to stop; its caller got the error.
      () => undefined,
    );
    this.closing.add(stopped);
    const forget = (): void => {
      this.closing.delete(stopped);
    };
    stopped.then(forget, forget);
  }
}

/** A model as the pool hands it out: the same interface, each call run on the pooled model. */
class PooledEmbeddingModel implements EmbeddingModel {
  readonly modelId: string;
  readonly dimensions: number;
  readonly embedsAnswers: boolean;

  constructor(
    loaded: EmbeddingModel,
    private readonly use: <T>(call: (model: EmbeddingModel) => Promise<T>) => Promise<T>,
  ) {
    this.modelId = loaded.modelId;
    this.dimensions = loaded.dimensions;
    this.embedsAnswers = loaded.embedsAnswers ?? false;
  }

  embed(options: EmbedOptions): Promise<EmbedResult> {
    return this.use((model) => model.embed(options));
  }

  countTokens(texts: readonly string[]): Promise<number[]> {
    return this.use((model) => model.countTokens(texts));
  }
}
