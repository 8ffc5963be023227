import type {
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreResult,
} from "../../src/models/language-model.ts";

/** A language model whose every call fails with the given error (a server failure, to see how it is reported). */
export class FailingLanguageModel implements LanguageModel {
  readonly modelId = "failing-language-model";
  readonly contextLength = 2048;
  calls = 0;

  constructor(private readonly failure: () => Error) {}

  async countTokens(): Promise<number> {
    return this.fail();
  }

  async generate(_options: GenerateOptions): Promise<GenerateResult> {
    return this.fail();
  }

  // biome-ignore lint/correctness/useYield: every call fails before its first event.
  async *stream(_options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    this.fail();
  }

  async score(): Promise<ScoreResult> {
    return this.fail();
  }

  private fail(): never {
    this.calls++;
    throw this.failure();
  }
}
