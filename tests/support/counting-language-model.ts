import type {
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
} from "../../src/models/language-model.ts";

/** Wraps a real language model and counts every call that reads text (tokenising, generating, scoring). */
export class CountingLanguageModel implements LanguageModel {
  calls = 0;

  constructor(private readonly model: LanguageModel) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get contextLength(): number {
    return this.model.contextLength;
  }

  countTokens(text: string): Promise<number> {
    this.calls += 1;
    return this.model.countTokens(text);
  }

  generate(options: GenerateOptions): Promise<GenerateResult> {
    this.calls += 1;
    return this.model.generate(options);
  }

  stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    this.calls += 1;
    return this.model.stream(options);
  }

  score(options: ScoreOptions): Promise<ScoreResult> {
    this.calls += 1;
    return this.model.score(options);
  }
}
