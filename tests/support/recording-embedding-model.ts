import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../../src/models/embedding-model.ts";

/**
 * An embedding model that gives every text a vector of its length, records its calls and whether it was closed, and
 * holds its embed calls while held (so that a test can keep a call running). A call after `close` fails: a model must
 * never be closed under its callers.
 */
export class RecordingEmbeddingModel implements EmbeddingModel {
  readonly dimensions = 2;
  /** The texts of each embed call, in order. */
  readonly calls: (readonly string[])[] = [];
  closed = false;
  private gate: Promise<void> = Promise.resolve();
  private releaseGate: () => void = () => {};
  private arrive: () => void = () => {};

  constructor(readonly modelId: string) {}

  /** Holds every embed call from now on until `release`; resolves once one has come. */
  hold(): Promise<void> {
    this.gate = new Promise((resolve) => {
      this.releaseGate = resolve;
    });
    return new Promise((resolve) => {
      this.arrive = resolve;
    });
  }

  /** Lets the held calls, and every later one, through. */
  release(): void {
    this.releaseGate();
    this.gate = Promise.resolve();
  }

  async embed(options: EmbedOptions): Promise<EmbedResult> {
    this.assertOpen();
    this.calls.push(options.texts);
    this.arrive();
    await this.gate;
    this.assertOpen();
    return {
      embeddings: options.texts.map((text) => Float32Array.from([text.length, 1])),
      usage: { tokens: options.texts.length },
    };
  }

  async countTokens(texts: readonly string[]): Promise<number[]> {
    this.assertOpen();
    return texts.map((text) => text.split(" ").length);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`${this.modelId} was called after it was closed`);
  }
}
