import type { CountedRetriever } from "../../retrievers/counted-retriever.ts";
import type { Passage } from "../../retrievers/passage.ts";
import type { RetrieveOptions, Retriever } from "../../retrievers/retriever.ts";
import type {
  GenerateOptions,
  GenerateResult,
  GenerationStreamEvent,
  LanguageModel,
  ScoreOptions,
  ScoreResult,
} from "../models/language-model.ts";

/** What one answer cost: model calls, tokens in and out, retrievals, and the searches of the corpus they made. */
export interface AskUsage {
  readonly modelCalls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly retrievals: number;
  /** One a retrieval, or more where a retrieval searches twice (`hops: 2`). */
  readonly searches: number;
}

/** Counts what a strategy spends, by wrapping the model and the retriever it is given. */
export class UsageMeter {
  private modelCalls = 0;
  private promptTokens = 0;
  private completionTokens = 0;
  private retrievals = 0;
  private searches = 0;

  usage(): AskUsage {
    return {
      modelCalls: this.modelCalls,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      retrievals: this.retrievals,
      searches: this.searches,
    };
  }

  languageModel(model: LanguageModel): LanguageModel {
    const record = (promptTokens: number, completionTokens: number): void => {
      this.modelCalls++;
      this.promptTokens += promptTokens;
      this.completionTokens += completionTokens;
    };
    return {
      modelId: model.modelId,
      contextLength: model.contextLength,
      ...(model.renderChat ? { renderChat: model.renderChat.bind(model) } : {}),
      countTokens: (text) => model.countTokens(text),
      async generate(options: GenerateOptions): Promise<GenerateResult> {
        const result = await model.generate(options);
        record(result.usage.promptTokens, result.usage.completionTokens);
        return result;
      },
      async *stream(options: GenerateOptions): AsyncIterable<GenerationStreamEvent> {
        for await (const event of model.stream(options)) {
          if (event.type === "generation-end")
            record(event.result.usage.promptTokens, event.result.usage.completionTokens);
          yield event;
        }
      },
      async score(options: ScoreOptions): Promise<ScoreResult> {
        const result = await model.score(options);
        record(result.usage.promptTokens, result.usage.completionTokens);
        return result;
      },
    };
  }

  /** The retriever, counting its retrievals, and its searches where it counts them (a `CountedRetriever`). */
  retriever(retriever: Retriever | CountedRetriever): Retriever {
    const searchesSoFar = (): number | undefined => ("searches" in retriever ? retriever.searches : undefined);
    const count = (before: number | undefined): void => {
      this.retrievals++;
      const after = searchesSoFar();
      this.searches += before === undefined || after === undefined ? 1 : after - before;
    };
    return {
      mode: retriever.mode,
      ...(retriever.embedsAnswers === undefined ? {} : { embedsAnswers: retriever.embedsAnswers }),
      async retrieve(options: RetrieveOptions): Promise<Passage[]> {
        const before = searchesSoFar();
        try {
          return await retriever.retrieve(options);
        } finally {
          count(before);
        }
      },
    };
  }
}
