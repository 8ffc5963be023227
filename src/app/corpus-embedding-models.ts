import { QueryModelMismatchError } from "../../retrievers/open-retriever.ts";
import type { EmbeddingModelConfig } from "../config/config-schema.ts";
import type { CorpusRecord } from "../db/corpus-records.ts";
import type { RecordedEmbeddingSettings } from "../db/schema.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import { CorpusModelUnavailableError } from "./corpus-model-unavailable-error.ts";
import { missingEmbeddingModel } from "./missing-embedding-model.ts";
import type { ModelSet } from "./model-set.ts";
import { recordEmbeddingSettings } from "./recorded-embedding-settings.ts";

/** An embedding model for an index run, with what the corpus is to record of it (none for a model given in hand). */
export interface IndexingModel {
  readonly model: EmbeddingModel;
  readonly settings: RecordedEmbeddingSettings | undefined;
}

/**
 * Which embedding model serves each corpus: the one it recorded, so that one server searches corpora of different
 * models. A corpus indexed before models were recorded has only its model's id: the configured model serves it when
 * its id is that one.
 */
export class CorpusEmbeddingModels {
  constructor(
    private readonly models: ModelSet,
    private readonly offline: boolean,
  ) {}

  /**
   * The model that embeds a corpus's queries. Throws `CorpusModelUnavailableError` (409) when its recorded model
   * cannot be loaded here, and `QueryModelMismatchError` (409) for an unrecorded one that is not the configured model.
   */
  async forSearch(corpus: CorpusRecord): Promise<EmbeddingModel> {
    const settings = corpus.embeddingSettings;
    if (settings) return this.load(corpus.name, settings);
    const configured = this.configuredModelId();
    if (configured !== corpus.embeddingModel)
      throw new QueryModelMismatchError(corpus.name, corpus.embeddingModel, configured ?? "unknown");
    return this.models.embedding();
  }

  /** Whether `forSearch` would find the corpus's model, found without loading anything (for listings). */
  canServe(corpus: CorpusRecord): boolean {
    if (corpus.embeddingSettings) return missingEmbeddingModel(corpus.embeddingSettings, this.offline) === undefined;
    return this.configuredModelId() === corpus.embeddingModel;
  }

  /**
   * The model an index run embeds with: the one it names (`embedding`); else, for a new corpus, the configured model;
   * else the corpus's own: the model of the version being built when there is one (so that a plain run finishes it,
   * as it finishes its chunking), else the model that made its vectors. Changing a corpus's model is therefore always
   * named: --reembed with --model.
   */
  async forIndexing(
    corpus: CorpusRecord | undefined,
    options: { readonly embedding?: EmbeddingModelConfig | undefined } = {},
  ): Promise<IndexingModel> {
    if (options.embedding) {
      const settings = recordEmbeddingSettings(options.embedding);
      return { model: await this.models.recordedEmbedding(settings), settings };
    }
    if (!corpus) return { model: await this.models.embedding(), settings: this.models.configuredEmbedding().settings };
    const building = corpus.pendingTable !== null && corpus.pendingModel !== null;
    const recorded = building ? corpus.pendingSettings : corpus.embeddingSettings;
    if (recorded) return { model: await this.load(corpus.name, recorded), settings: recorded };
    const modelId = (building ? corpus.pendingModel : corpus.embeddingModel) ?? corpus.embeddingModel;
    const configured = this.configuredModelId();
    if (configured !== modelId)
      throw new CorpusModelUnavailableError(
        corpus.name,
        modelId,
        `it was indexed before Recall recorded how to load a corpus's model, and the configured embedding model is ${configured ?? "unknown"}; ` +
          `configure ${modelId} (RECALL_EMBEDDING_MODEL) or name it with --model`,
      );
    return { model: await this.models.embedding(), settings: this.models.configuredEmbedding().settings };
  }

  private async load(corpus: string, settings: RecordedEmbeddingSettings): Promise<EmbeddingModel> {
    const missing = missingEmbeddingModel(settings, this.offline);
    if (missing) throw new CorpusModelUnavailableError(corpus, settings.model, missing);
    return this.models.recordedEmbedding(settings);
  }

  /** The configured model's id; undefined when its files cannot be read (loading it says why). */
  private configuredModelId(): string | undefined {
    try {
      return this.models.configuredEmbedding().modelId;
    } catch {
      return undefined;
    }
  }
}
