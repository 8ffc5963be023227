import type {
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
} from "../../src/models/language-model.ts";
import { ModelCallAbortedError } from "../../src/models/model-errors.ts";

interface Hold {
  readonly released: Promise<void>;
  readonly release: () => void;
  readonly arrived: Promise<void>;
  readonly arrive: () => void;
}

/**
 * Wraps a real language model and holds every call whose prompt contains a held word until the test releases that
 * word — or until the call's abort signal fires, when the call fails as an aborted model call does
 * (ModelCallAbortedError). So a test can keep one request in flight as long as it likes, and see whether it was
 * aborted. Records the words whose calls were aborted.
 */
export class HeldLanguageModel implements LanguageModel {
  /** The held words whose calls were aborted while held, in order. */
  readonly aborted: string[] = [];
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly model: LanguageModel) {}

  get modelId(): string {
    return this.model.modelId;
  }

  get contextLength(): number {
    return this.model.contextLength;
  }

  /** Holds every call whose prompt contains `word`, from now until `release(word)`. */
  hold(word: string): void {
    let release = (): void => {};
    let arrive = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    this.holds.set(word, { released, release, arrived, arrive });
  }

  /** Resolves once a call holding on `word` has come. */
  arrived(word: string): Promise<void> {
    return this.holdOf(word).arrived;
  }

  /** Lets the calls held on `word`, and every later one, through. */
  release(word: string): void {
    this.holdOf(word).release();
  }

  countTokens(text: string): Promise<number> {
    return this.model.countTokens(text);
  }

  async generate(options: GenerateOptions): Promise<GenerateResult> {
    await this.wait(options.prompt, options.abortSignal);
    return this.model.generate(options);
  }

  async *stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
    await this.wait(options.prompt, options.abortSignal);
    yield* this.model.stream(options);
  }

  async score(options: ScoreOptions): Promise<ScoreResult> {
    await this.wait(options.prompt + options.continuation, options.abortSignal);
    return this.model.score(options);
  }

  private holdOf(word: string): Hold {
    const hold = this.holds.get(word);
    if (!hold) throw new Error(`HeldLanguageModel was not told to hold "${word}"`);
    return hold;
  }

  private async wait(prompt: string, abortSignal: AbortSignal | undefined): Promise<void> {
    for (const [word, hold] of this.holds) {
      if (!prompt.includes(word)) continue;
      hold.arrive();
      if (abortSignal?.aborted) throw this.abortedOn(word);
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(this.abortedOn(word));
        abortSignal?.addEventListener("abort", onAbort, { once: true });
        void hold.released.then(() => {
          abortSignal?.removeEventListener("abort", onAbort);
          resolve();
        });
      });
    }
  }

  private abortedOn(word: string): ModelCallAbortedError {
    this.aborted.push(word);
    return new ModelCallAbortedError(this.modelId);
  }
}
