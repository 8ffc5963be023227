import type { EmbeddingModel, EmbedOptions, EmbedResult } from "../../src/models/embedding-model.ts";

/**
 * Wraps a real embedding model and, while held, keeps every passage embedding (what an index run asks for) waiting
 * until the test releases it; queries go through. So a test can keep an index job running as long as it likes.
 */
export class HeldEmbeddingModel implements EmbeddingModel {
  private gate: { released: Promise<void>; release: () => void } | undefined;
  private arrivals: (() => void)[] = [];

  constructor(private readonly model: EmbeddingModel) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get dimensions(): number {
    return this.model.dimensions;
  }

  /** From now on, passage embeddings wait for `release`. */
  hold(): void {
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gate = { released, release };
  }

  /** Resolves once a passage embedding is waiting. */
  arrived(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  /** Lets the waiting embeddings, and every later one, through. */
  release(): void {
    this.gate?.release();
    this.gate = undefined;
  }

  async embed(options: EmbedOptions): Promise<EmbedResult> {
    const gate = this.gate;
    if (gate && options.kind === "passage") {
      for (const arrive of this.arrivals.splice(0)) arrive();
      await gate.released;
    }
    return this.model.embed(options);
  }

  countTokens(texts: readonly string[]): Promise<number[]> {
    return this.model.countTokens(texts);
  }
}
