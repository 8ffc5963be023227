import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { type CorpusCheck, checkCorpus } from "../../indexers/check-corpus.ts";
import { holdCorpusLease } from "../../indexers/corpus-lease.ts";
import { dropRetiredTables } from "../../indexers/corpus-version.ts";
import {
  defaultChunking,
  type IndexCorpusOptions,
  type IndexSummary,
  indexCorpus,
} from "../../indexers/index-corpus.ts";
import { type RepairSummary, repairCorpus } from "../../indexers/repair-corpus.ts";
import type { CorporaSettings, EmbeddingModelConfig } from "../config/config-schema.ts";
import { assertCorpusName, CorpusExistsError, CorpusNotFoundError } from "../db/corpus-errors.ts";
import {
  type CorpusRecord,
  corpusCounts,
  corpusSummaries,
  deleteCorpusRecord,
  findCorpus,
  insertCorpus,
  listCorpora,
} from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import type { Logger } from "../logging/logger.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import { type Access, fullAccess, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";
import type { CorpusEmbeddingModels, IndexingModel } from "./corpus-embedding-models.ts";
import { EmbeddingModelNotServedError, InvalidChunkingError } from "./index-job-errors.ts";
import { MissingSourceError } from "./missing-source-error.ts";

/** What a corpus check returns: what it found, and with a repair what was mended and the check after it. */
export interface CorpusCheckOutcome {
  readonly corpus: string;
  /** Whether the corpus is healthy now: after the repair, when one ran. */
  readonly healthy: boolean;
  readonly found: CorpusCheck;
  readonly repaired: RepairSummary | null;
  readonly after: CorpusCheck | null;
}

/** The corpora use cases: index, list, show, check, delete; a corpus the access may not use does not exist for it. */
export class CorpusService {
  constructor(
    private readonly db: Database,
    private readonly store: ChunkStore,
    private readonly embeddings: CorpusEmbeddingModels,
    private readonly metrics?: Metrics,
    private readonly settings: Partial<CorporaSettings> = {},
  ) {}

  /**
   * Indexes files and folders into a corpus (created if new). The embedding model is the one named (`embedding`, by
   * its settings, or `embeddingModel` in hand), else the configured one for a new corpus and the corpus's own for an
   * existing one (see `CorpusEmbeddingModels.forIndexing`); the logger is told which, and the corpus records it. Paths
   * that do not exist fail the run before anything is written, so a typo never creates an empty corpus. The job and
   * its progress are counted in the metrics.
   */
  async index(
    options: Omit<IndexCorpusOptions, "embeddingModel"> & {
      embeddingModel?: EmbeddingModel;
      embedding?: EmbeddingModelConfig;
      logger?: Logger;
    },
    access: Access = fullAccess,
  ): Promise<IndexSummary> {
    requireScope(access, "index");
    requireCorpus(access, options.corpus);
    const missing = options.paths.filter((path) => !existsSync(path));
    if (missing.length > 0) throw new MissingSourceError(missing);
    const { logger, embeddingModel, embedding, onProgress, ...rest } = options;
    const corpus = await findCorpus(this.db, options.corpus);
    const { model, settings }: IndexingModel = embeddingModel
      ? { model: embeddingModel, settings: options.embeddingSettings }
      : await this.embeddings.forIndexing(corpus, { embedding });
    logger?.info(indexingPlan(options.corpus, corpus, model, options.reembed === true));
    const job = this.metrics?.startIndexJob(options.corpus);
    try {
      const summary = await indexCorpus(
        { db: this.db, store: this.store, ...(logger ? { logger } : {}) },
        {
          ...rest,
          embeddingModel: model,
          ...(settings ? { embeddingSettings: settings } : {}),
          ...(this.settings.versionGraceMs !== undefined ? { versionGraceMs: this.settings.versionGraceMs } : {}),
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

  /**
   * Creates an empty corpus (POST /v1/corpora): its chunking (the defaults where left out) and the configured
   * embedding model (`model`, if named, must be that one), and its table, empty. Throws `CorpusExistsError` (409) when
   * it exists. An empty corpus is listed, and searching it answers `corpus_not_ready` until documents are indexed.
   */
  async create(
    request: {
      readonly name: string;
      readonly chunkSize?: number | undefined;
      readonly overlap?: number | undefined;
      readonly model?: string | undefined;
    },
    access: Access = fullAccess,
  ) {
    requireScope(access, "index");
    requireCorpus(access, request.name);
    assertCorpusName(request.name);
    if (await findCorpus(this.db, request.name)) throw new CorpusExistsError(request.name);
    const { model, settings } = await this.embeddings.forIndexing(undefined);
    if (request.model !== undefined && request.model !== model.modelId)
      throw new EmbeddingModelNotServedError(request.model, model.modelId);
    const chunking = {
      chunkSize: request.chunkSize ?? defaultChunking.chunkSize,
      overlap: request.overlap ?? defaultChunking.overlap,
    };
    if (chunking.overlap >= chunking.chunkSize) throw new InvalidChunkingError(chunking.chunkSize, chunking.overlap);
    try {
      await insertCorpus(this.db, {
        name: request.name,
        embeddingModel: model.modelId,
        dimensions: model.dimensions,
        embeddingSettings: settings ?? null,
        activeTable: `${request.name}-1`,
        chunkSize: chunking.chunkSize,
        chunkOverlap: chunking.overlap,
      });
    } catch (error) {
      if (await findCorpus(this.db, request.name)) throw new CorpusExistsError(request.name);
      throw error;
    }
    await this.store.table(`${request.name}-1`, model.dimensions);
    return this.show(request.name, access);
  }

  /** The corpora the access may use, with their models and counts. */
  async list(access: Access = fullAccess) {
    return (await corpusSummaries(this.db)).filter((corpus) => mayUseCorpus(access, corpus.name));
  }

  /** The corpus records the access may use. */
  async records(access: Access = fullAccess): Promise<CorpusRecord[]> {
    return (await listCorpora(this.db)).filter((corpus) => mayUseCorpus(access, corpus.name));
  }

  /**
   * The corpus records the access may use that this server can search: their embedding model can be loaded here
   * (checked without loading it) and their active table exists. GET /v1/corpora and /v1/models list only these.
   */
  async servable(access: Access = fullAccess): Promise<CorpusRecord[]> {
    const records = await this.records(access);
    const served = await Promise.all(
      records.map(
        async (corpus) =>
          this.embeddings.canServe(corpus) && (await this.store.reader(corpus.activeTable)) !== undefined,
      ),
    );
    return records.filter((_, index) => served[index]);
  }

  /** `list` of the corpora this server can search (see `servable`). */
  async listServable(access: Access = fullAccess) {
    const names = new Set((await this.servable(access)).map((corpus) => corpus.name));
    return (await this.list(access)).filter((corpus) => names.has(corpus.name));
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
      newVersion: corpus.pendingTable
        ? {
            table: corpus.pendingTable,
            model: corpus.pendingModel,
            chunkSize: corpus.pendingChunkSize ?? corpus.chunkSize,
            overlap: corpus.pendingChunkOverlap ?? corpus.chunkOverlap,
          }
        : null,
      createdAt: corpus.createdAt,
      updatedAt: corpus.updatedAt,
    };
  }

  /**
   * Compares a corpus's SQL records with its tables (rows, duplicated chunks, orphan rows, missing chunks); with
   * `repair` (which needs the index scope) mends what it finds as the corpus's one writer, refused with a
   * `CorpusBusyError` while an index run writes it.
   */
  async check(
    name: string,
    options: { readonly repair?: boolean } = {},
    access: Access = fullAccess,
  ): Promise<CorpusCheckOutcome> {
    if (options.repair) requireScope(access, "index");
    await this.get(name, access);
    const dependencies = { db: this.db, store: this.store };
    if (!options.repair) {
      const found = await checkCorpus(dependencies, name);
      return { corpus: name, healthy: found.healthy, found, repaired: null, after: null };
    }
    const { found, repaired, after } = await repairCorpus(dependencies, { corpus: name });
    return { corpus: name, healthy: after.healthy, found, repaired, after };
  }

  /**
   * Deletes a corpus: its tables and its records. Needs the index scope. It holds the corpus's lease meanwhile, as its
   * one writer: refused with a `CorpusBusyError` (409) while an index run (or an upload's job) writes it.
   */
  async delete(name: string, access: Access = fullAccess): Promise<void> {
    requireScope(access, "index");
    await this.get(name, access);
    const lease = await holdCorpusLease(this.db, name, randomUUID(), 30_000);
    try {
      const corpus = await this.get(name, access);
      await this.store.drop(corpus.activeTable);
      if (corpus.pendingTable) await this.store.drop(corpus.pendingTable);
      await dropRetiredTables({ db: this.db, store: this.store }, { corpus: name, evenInGrace: true });
      await deleteCorpusRecord(this.db, name);
    } finally {
      await lease.release();
    }
  }

  /**
   * Drops the versions replaced by a re-embed or re-chunk whose grace period has passed (an index run does it for its
   * corpus; a server calls this now and then, so that no old version outlives its grace for long).
   */
  async dropRetiredVersions(): Promise<string[]> {
    return dropRetiredTables({ db: this.db, store: this.store });
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

/** What an index run is about to do with which model, in a line (the CLI prints it before the run). */
function indexingPlan(name: string, corpus: CorpusRecord | undefined, model: EmbeddingModel, reembed: boolean): string {
  if (!corpus) return `indexing new corpus ${name} with ${model.modelId}`;
  if (!reembed) return `indexing corpus ${name} with ${model.modelId}`;
  const serving = `${corpus.embeddingModel}'s vectors serve until every document is re-embedded`;
  return model.modelId === corpus.embeddingModel
    ? `re-embedding corpus ${name} with its own model ${model.modelId} (to change the model, add --model); ${serving}`
    : `re-embedding corpus ${name}: ${corpus.embeddingModel} -> ${model.modelId}; ${serving}`;
}
