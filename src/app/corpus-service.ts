import { existsSync } from "node:fs";
import { type IndexCorpusOptions, type IndexSummary, indexCorpus } from "../../indexers/index-corpus.ts";
import { CorpusNotFoundError } from "../db/corpus-errors.ts";
import {
  type CorpusRecord,
  corpusCounts,
  corpusSummaries,
  deleteCorpusRecord,
  findCorpus,
  listCorpora,
} from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logging/logger.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import { type Access, fullAccess, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";
import { MissingSourceError } from "./missing-source-error.ts";

/** The corpora use cases: index, list, show, delete; a corpus the access may not use does not exist for it. */
export class CorpusService {
  constructor(
    private readonly db: Database,
    private readonly store: ChunkStore,
    private readonly embeddingModel: () => Promise<EmbeddingModel>,
    private readonly metrics?: Metrics,
  ) {}

  /**
   * Indexes files and folders into a corpus (created if new) with the configured embedding model, or the one given.
   * Paths that do not exist fail the run before anything is written, so a typo never creates an empty corpus. The
   * job and its progress are counted in the metrics.
   */
  async index(
    options: Omit<IndexCorpusOptions, "embeddingModel"> & { embeddingModel?: EmbeddingModel; logger?: Logger },
    access: Access = fullAccess,
  ): Promise<IndexSummary> {
    requireScope(access, "index");
    requireCorpus(access, options.corpus);
    const missing = options.paths.filter((path) => !existsSync(path));
    if (missing.length > 0) throw new MissingSourceError(missing);
    const { logger, embeddingModel, onProgress, ...rest } = options;
    const model = embeddingModel ?? (await this.embeddingModel());
    const job = this.metrics?.startIndexJob(options.corpus);
    try {
      const summary = await indexCorpus(
        { db: this.db, store: this.store, ...(logger ? { logger } : {}) },
        {
          ...rest,
          embeddingModel: model,
          onProgress: (progress) => {
            job?.progress(progress);
            onProgress?.(progress);
          },
        },
      );
      job?.end("succeeded", summary);
      return summary;
    } catch (error) {
      job?.end("failed");
      throw error;
    }
  }

  /** The corpora the access may use, with their models and counts. */
  async list(access: Access = fullAccess) {
    return (await corpusSummaries(this.db)).filter((corpus) => mayUseCorpus(access, corpus.name));
  }

  /** The corpus records the access may use. */
  async records(access: Access = fullAccess): Promise<CorpusRecord[]> {
    return (await listCorpora(this.db)).filter((corpus) => mayUseCorpus(access, corpus.name));
  }

  /** Whether a corpus exists and the access may use it. */
  async has(name: string, access: Access = fullAccess): Promise<boolean> {
    return (await this.find(name, access)) !== undefined;
  }

  /** One corpus in detail: counts, rows in its table, model, chunking, and a re-embed in progress. */
  async show(name: string, access: Access = fullAccess) {
    const corpus = await this.get(name, access);
    const table = await this.store.existingTable(corpus.activeTable);
    return {
      name,
      ...(await corpusCounts(this.db, name)),
      rows: table ? await table.count() : 0,
      model: corpus.embeddingModel,
      dimensions: corpus.dimensions,
      chunkSize: corpus.chunkSize,
      overlap: corpus.chunkOverlap,
      table: corpus.activeTable,
      reembedding: corpus.pendingTable ? { table: corpus.pendingTable, model: corpus.pendingModel } : null,
      createdAt: corpus.createdAt,
      updatedAt: corpus.updatedAt,
    };
  }

  /** Deletes a corpus: its tables and its records. Needs the index scope. */
  async delete(name: string, access: Access = fullAccess): Promise<void> {
    requireScope(access, "index");
    const corpus = await this.get(name, access);
    await this.store.drop(corpus.activeTable);
    if (corpus.pendingTable) await this.store.drop(corpus.pendingTable);
    await deleteCorpusRecord(this.db, name);
  }

  private async find(name: string, access: Access): Promise<CorpusRecord | undefined> {
    return mayUseCorpus(access, name) ? findCorpus(this.db, name) : undefined;
  }

  private async get(name: string, access: Access): Promise<CorpusRecord> {
    const corpus = await this.find(name, access);
    if (!corpus) throw new CorpusNotFoundError(name);
    return corpus;
  }
}
