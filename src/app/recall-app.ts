import { existsSync } from "node:fs";
import { type IndexCorpusOptions, type IndexSummary, indexCorpus } from "../../indexers/index-corpus.ts";
import type { HybridWeights } from "../../retrievers/hybrid-retriever.ts";
import { openRetriever, QueryModelMismatchError } from "../../retrievers/open-retriever.ts";
import type { Passage, RetrievalMode } from "../../retrievers/passage.ts";
import type { PassageFilter } from "../../retrievers/passage-filter.ts";
import { defaultRerankCandidates } from "../../retrievers/reranking-retriever.ts";
import type { Retriever } from "../../retrievers/retriever.ts";
import { type RecallConfig, type ServerSettings, serverSchema } from "../config/config-schema.ts";
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
import type { ExperimentRecord } from "../db/experiment-records.ts";
import { anyKeyExists } from "../db/key-records.ts";
import { RecallError } from "../errors/recall-error.ts";
import { experimentDefinitionSchema } from "../experiments/experiment-definition.ts";
import { ExperimentNotFoundError } from "../experiments/experiment-errors.ts";
import {
  changeExperiment,
  createExperiment,
  type ExperimentAction,
  getExperiment,
  listExperiments,
} from "../experiments/experiment-lifecycle.ts";
import { type ExperimentResults, experimentResults } from "../experiments/experiment-results.ts";
import type { Logger } from "../logging/logger.ts";
import type { EmbeddingKind, EmbeddingModel } from "../models/embedding-model.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import { type Access, fullAccess, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";
import {
  type ApiKeyInfo,
  accessForKey,
  bearerToken,
  type CreatedKey,
  type CreateKeyRequest,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-keys.ts";
import { type AskRequest, type AskResponse, type PreparedAsk, prepareAsk } from "./ask-service.ts";
import { type FeedbackRequest, type FeedbackResult, giveFeedback } from "./feedback-service.ts";
import { MissingSourceError } from "./missing-source-error.ts";
import { configuredModels, type ModelSet } from "./model-set.ts";
import { openWorkspace } from "./open-workspace.ts";

/** What a Recall is made of: its two stores, its models, and the settings of its server. */
export interface AppParts {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly models: ModelSet;
  readonly settings?: ServerSettings;
  /** Closes the stores (called by `RecallApp.close`). */
  readonly close?: () => void;
}

export interface SearchRequest {
  readonly corpus: string;
  readonly query: string;
  readonly k: number;
  readonly mode: RetrievalMode;
  readonly filter?: PassageFilter | undefined;
  /** Dense and hybrid: embed this text in place of the query (the generative query). */
  readonly embedText?: string | undefined;
  readonly weights?: HybridWeights | undefined;
  /** Rerank with the configured cross-encoder, reading this many candidates (true: the default number). */
  readonly rerank?: boolean | number | undefined;
  readonly abortSignal?: AbortSignal;
}

export interface EmbedRequest {
  /** A corpus name (its embedding model) or the embedding model's id. */
  readonly model: string;
  readonly texts: readonly string[];
  readonly kind: EmbeddingKind;
  readonly abortSignal?: AbortSignal;
}

/**
 * The composition root: configuration becomes adapters here, and every use case (ask, search, embed, corpora,
 * experiments) is a method. The HTTP routes and the CLI commands are thin callers; each call carries the caller's
 * `Access`, checked here, so that a route cannot forget it.
 */
export class RecallApp {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly models: ModelSet;
  readonly settings: ServerSettings;

  constructor(private readonly parts: AppParts) {
    this.db = parts.db;
    this.store = parts.store;
    this.models = parts.models;
    this.settings = parts.settings ?? serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {} });
  }

  /** Opens the configured stores (migrating SQL) and prepares the configured models, loaded on first use. */
  static async open(config: RecallConfig, options: { models?: ModelSet } = {}): Promise<RecallApp> {
    const workspace = await openWorkspace(config);
    return new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: options.models ?? configuredModels(config),
      settings: config.server,
      close: () => workspace.close(),
    });
  }

  /** Checks an ask (strategy, parameters, corpus, model) before any work; `run` answers it. */
  async prepareAsk(request: AskRequest, access: Access = fullAccess): Promise<PreparedAsk> {
    requireScope(access, "ask");
    if (request.corpus !== undefined) requireCorpus(access, request.corpus);
    const [languageModel, embeddingModel] = await Promise.all([this.models.language(), this.models.embedding()]);
    return prepareAsk(
      { db: this.db, store: this.store, languageModel, embeddingModel },
      { ...request, keyId: access.keyId ?? undefined },
      { mayUseCorpus: (corpus) => mayUseCorpus(access, corpus) },
    );
  }

  /** Answers one question with one strategy. */
  async ask(request: AskRequest, access: Access = fullAccess): Promise<AskResponse> {
    return (await this.prepareAsk(request, access)).run();
  }

  /**
   * A retriever over a corpus; the embedding model and the reranker are loaded only when the mode needs them.
   * `rerank: true` reads the default number of candidates, or limits.rerankCandidates when that is fewer.
   */
  async openRetriever(options: {
    corpus: string;
    mode: RetrievalMode;
    weights?: HybridWeights | undefined;
    rerank?: boolean | number | undefined;
  }): Promise<Retriever> {
    const embeddingModel = options.mode === "full-text" ? undefined : await this.models.embedding();
    const rerank = options.rerank ?? false;
    const byDefault = Math.min(defaultRerankCandidates, this.settings.limits.rerankCandidates);
    const rerankCandidates = rerank === true ? byDefault : rerank === false ? undefined : rerank;
    const reranker = rerankCandidates === undefined ? undefined : await this.models.reranker();
    return openRetriever({
      db: this.db,
      store: this.store,
      corpus: options.corpus,
      mode: options.mode,
      ...(embeddingModel ? { embeddingModel } : {}),
      ...(options.weights ? { weights: options.weights } : {}),
      ...(reranker && rerankCandidates !== undefined ? { reranker, rerankCandidates } : {}),
    });
  }

  /** The k best passages of a corpus for a query. */
  async search(request: SearchRequest, access: Access = fullAccess): Promise<Passage[]> {
    requireScope(access, "search");
    requireCorpus(access, request.corpus);
    const retriever = await this.openRetriever(request);
    return retriever.retrieve({
      query: request.query,
      k: request.k,
      ...(request.filter ? { filter: request.filter } : {}),
      ...(request.embedText ? { embedText: request.embedText } : {}),
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    });
  }

  /** Vectors from the embedding model a corpus was indexed with (the configured one). */
  async embed(request: EmbedRequest, access: Access = fullAccess) {
    requireScope(access, "embed");
    const model = await this.models.embedding();
    if (request.model !== model.modelId) {
      const corpus = mayUseCorpus(access, request.model) ? await findCorpus(this.db, request.model) : undefined;
      if (!corpus) throw new EmbeddingTargetNotFoundError(request.model);
      if (corpus.embeddingModel !== model.modelId)
        throw new QueryModelMismatchError(corpus.name, corpus.embeddingModel, model.modelId);
    }
    return model.embed({
      texts: request.texts,
      kind: request.kind,
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    });
  }

  /**
   * Indexes files and folders into a corpus (created if new) with the configured embedding model, or the one given.
   * Paths that do not exist fail the run before anything is written, so a typo never creates an empty corpus.
   */
  async index(
    options: Omit<IndexCorpusOptions, "embeddingModel"> & { embeddingModel?: EmbeddingModel; logger?: Logger },
    access: Access = fullAccess,
  ): Promise<IndexSummary> {
    requireScope(access, "index");
    requireCorpus(access, options.corpus);
    const missing = options.paths.filter((path) => !existsSync(path));
    if (missing.length > 0) throw new MissingSourceError(missing);
    const { logger, embeddingModel, ...rest } = options;
    return indexCorpus(
      { db: this.db, store: this.store, ...(logger ? { logger } : {}) },
      { ...rest, embeddingModel: embeddingModel ?? (await this.models.embedding()) },
    );
  }

  /** One corpus in detail: counts, rows in its table, model, chunking, and a re-embed in progress. */
  async corpus(name: string, access: Access = fullAccess) {
    const corpus = mayUseCorpus(access, name) ? await findCorpus(this.db, name) : undefined;
    if (!corpus) throw new CorpusNotFoundError(name);
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

  /** Deletes a corpus: its tables and its records. */
  async deleteCorpus(name: string, access: Access = fullAccess): Promise<void> {
    requireScope(access, "index");
    const corpus = mayUseCorpus(access, name) ? await findCorpus(this.db, name) : undefined;
    if (!corpus) throw new CorpusNotFoundError(name);
    await this.store.drop(corpus.activeTable);
    if (corpus.pendingTable) await this.store.drop(corpus.pendingTable);
    await deleteCorpusRecord(this.db, name);
  }

  /** The corpora the access may use, with their models and counts. */
  async corpora(access: Access = fullAccess) {
    return (await corpusSummaries(this.db)).filter((corpus) => mayUseCorpus(access, corpus.name));
  }

  /** The corpus records the access may use. */
  async corpusRecords(access: Access = fullAccess): Promise<CorpusRecord[]> {
    return (await listCorpora(this.db)).filter((corpus) => mayUseCorpus(access, corpus.name));
  }

  /** Whether a corpus exists and the access may use it. */
  async hasCorpus(name: string, access: Access = fullAccess): Promise<boolean> {
    return mayUseCorpus(access, name) && (await findCorpus(this.db, name)) !== undefined;
  }

  /** Creates a running experiment; its corpus must exist. Needs the admin scope. */
  async createExperiment(input: unknown, access: Access = fullAccess): Promise<ExperimentRecord> {
    requireScope(access, "admin");
    const parsed = experimentDefinitionSchema.safeParse(input);
    const corpus = parsed.success ? parsed.data.corpus : undefined;
    if (corpus !== undefined && !(await findCorpus(this.db, corpus))) throw new CorpusNotFoundError(corpus);
    return createExperiment(this.db, input);
  }

  /** Pauses, resumes or stops an experiment. Needs the admin scope. */
  async changeExperiment(name: string, action: ExperimentAction, access: Access = fullAccess) {
    requireScope(access, "admin");
    return changeExperiment(this.db, name, action);
  }

  /** The experiments the access may see: those on a corpus it may use, and those that name none. */
  async experiments(access: Access = fullAccess): Promise<ExperimentRecord[]> {
    return (await listExperiments(this.db)).filter((record) => mayReadExperiment(access, record));
  }

  /** One experiment; one on a corpus the access may not use is not found. */
  async experiment(name: string, access: Access = fullAccess): Promise<ExperimentRecord> {
    const record = await getExperiment(this.db, name);
    if (!mayReadExperiment(access, record)) throw new ExperimentNotFoundError(name);
    return record;
  }

  async experimentResults(name: string, access: Access = fullAccess): Promise<ExperimentResults> {
    return experimentResults(this.db, await this.experiment(name, access));
  }

  /** Stores feedback on an ask: the ask's own key or an admin only; a repeat by the same key replaces it. */
  async giveFeedback(request: FeedbackRequest, access: Access = fullAccess): Promise<FeedbackResult> {
    return giveFeedback(this.db, request, access);
  }

  /** Creates an API key; the result holds its secret, which is never shown again. Needs the admin scope. */
  async createKey(request: CreateKeyRequest, access: Access = fullAccess): Promise<CreatedKey> {
    requireScope(access, "admin");
    return createApiKey(this.db, request);
  }

  /** Every API key, without secrets. Needs the admin scope. */
  async listKeys(access: Access = fullAccess): Promise<ApiKeyInfo[]> {
    requireScope(access, "admin");
    return listApiKeys(this.db);
  }

  /** Revokes an API key at once. Needs the admin scope. */
  async revokeKey(id: string, access: Access = fullAccess): Promise<ApiKeyInfo> {
    requireScope(access, "admin");
    return revokeApiKey(this.db, id);
  }

  /** Whether any API key was ever created (revoked and expired ones count). */
  async hasKeys(): Promise<boolean> {
    return anyKeyExists(this.db);
  }

  /**
   * Whether /v1 routes need a key: the settings require one, or a key was ever created. Asked on every request (one
   * indexed read), so that a key the CLI creates while the server runs counts at once, and revoking the last key
   * locks the server rather than opening it.
   */
  async authRequired(): Promise<boolean> {
    return this.settings.auth.required || (await this.hasKeys());
  }

  /**
   * The access of a request's `Authorization` header: full access while no key is needed, else the key's grants.
   * Throws `UnauthorizedError` (401) without a key or with a wrong, revoked or expired one.
   */
  async authenticate(authorization: string | undefined): Promise<Access> {
    if (!(await this.authRequired())) return fullAccess;
    return accessForKey(this.db, bearerToken(authorization));
  }

  close(): void {
    this.parts.close?.();
  }
}

function mayReadExperiment(access: Access, record: ExperimentRecord): boolean {
  return record.corpus === null || mayUseCorpus(access, record.corpus);
}

/** /v1/embeddings with a model that is neither the embedding model nor a corpus the key may use. */
export class EmbeddingTargetNotFoundError extends RecallError {
  override readonly name = "EmbeddingTargetNotFoundError";
  readonly code = "model_not_found";
  readonly status = 404;

  constructor(readonly model: string) {
    super(
      `There is no embedding model or corpus "${model}". Send a corpus name (GET /v1/corpora) or the embedding model's id.`,
    );
  }
}
