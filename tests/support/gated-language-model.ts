import type {
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
} from "../../src/models/language-model.ts";

/**
 * Wraps a real language model and, while its gate is closed, holds every call until the test opens it: what a
 * server sends while the model is still working can then be seen apart from what it sends after. Counts the calls
 * that have returned.
 */
export class GatedLanguageModel implements LanguageModel {
  /** Calls that have returned (a streamed generation counts when it ends). */
  completed = 0;
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => {};

  constructor(private readonly model: LanguageModel) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get contextLength(): number {
    return this.model.contextLength;
  }

  /** Holds every call from now on until `open`. */
  close(): void {
    this.completed = 0;
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  /** Lets the held calls, and every later one, through. */
  open(): void {
    this.release();
  }

  countTokens(text: string): Promise<number> {
    return this.through(() => this.model.countTokens(text));
  }

  generate(options: GenerateOptions): Promise<GenerateResult> {
    return this.through(() => this.model.generate(options));
  }

  async *stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    await this.gate;
    yield* this.model.stream(options);
    this.completed += 1;
  }

  score(options: ScoreOptions): Promise<ScoreResult> {
    return this.through(() => this.model.score(options));
  }

  private async through<T>(call: () => Promise<T>): Promise<T> {
    await this.gate;
    const result = await call();
    this.completed += 1;
    return result;
  }
}
