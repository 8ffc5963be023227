import type { CountedRetriever } from "../../retrievers/counted-retriever.ts";
import type { HybridWeights } from "../../retrievers/hybrid-retriever.ts";
import { openRetriever, readCorpusToSearch } from "../../retrievers/open-retriever.ts";
import type { Passage, RetrievalMode } from "../../retrievers/passage.ts";
import type { PassageFilter } from "../../retrievers/passage-filter.ts";
import { defaultRerankCandidates } from "../../retrievers/reranking-retriever.ts";
import type { RetrievalHops } from "../../retrievers/two-hop-retriever.ts";
import type { PromptFormatSetting } from "../config/config-schema.ts";
import { type CorporaSettings, type RecallConfig, type ServerSettings, serverSchema } from "../config/config-schema.ts";
import { type CorpusRecord, findCorpus } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import type { CalibrationConditions } from "../db/schema.ts";
import { RecallError } from "../errors/recall-error.ts";
import type { EmbeddingKind, EmbeddingModel } from "../models/embedding-model.ts";
import type { GenerateResult, LanguageModel } from "../models/language-model.ts";
import { Metrics } from "../observability/metrics.ts";
import type { PromptFormat } from "../reasoning/prompt-format.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import type { AskCalibration } from "../strategies/model-calibration.ts";
import { type Access, fullAccess, hasScope, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";
import { AskHistory } from "./ask-history.ts";
import { type AskRequest, type AskResponse, type PreparedAsk, prepareAsk } from "./ask-service.ts";
import { calibrationConditionsOf, inProcessDefaults, type LanguageRunSettings } from "./calibration-conditions.ts";
import { CorpusDocuments } from "./corpus-documents.ts";
import { CorpusEmbeddingModels } from "./corpus-embedding-models.ts";
import { CorpusService } from "./corpus-service.ts";
import { ExperimentService } from "./experiment-service.ts";
import { type FeedbackRequest, type FeedbackResult, giveFeedback } from "./feedback-service.ts";
import { IndexJobService } from "./index-job-service.ts";
import { type AuthenticationRequest, KeyService } from "./key-service.ts";
import { type CalibrateRequest, type CalibrationResult, ModelCalibrations } from "./model-calibrations.ts";
import { configuredModels, type ModelSet } from "./model-set.ts";
import { openWorkspace } from "./open-workspace.ts";
import { promptFormatFor } from "./prompt-format-choice.ts";
import { completeRawChat, type RawChatRequest } from "./raw-chat-completion.ts";
import type { WorkerObserver } from "./runtime/model-worker-client.ts";
import { isBundledGenerator, TinyGeneratorNotice } from "./tiny-generator-notice.ts";

/** What a Recall is made of: its two stores, its models, and the settings of its server. */
export interface AppParts {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly models: ModelSet;
  readonly settings?: ServerSettings;
  /** How corpora change while served (the grace period of a replaced version). */
  readonly corporaSettings?: CorporaSettings;
  /** Where the app counts its work (a registry of its own by default). */
  readonly metrics?: Metrics;
  /** Models never download (config.offline): a corpus whose hub model is not in the local cache is not served. */
  readonly offline?: boolean;
  /** The language model is the bundled tiny generator, which knows only the tiny world (see `tinyGenerator`). */
  readonly bundledGenerator?: boolean;
  /** How the loop frames its prompts (models.language.promptFormat; "auto": chosen from the model). */
  readonly promptFormat?: PromptFormatSetting;
  /**
   * The language model's settings a calibration depends on (models.language: provider, dtype, api, prefill); a model
   * given in hand counts as in-process on fp32 weights when not given.
   */
  readonly languageSettings?: LanguageRunSettings;
  /** Stops the model workers and closes the stores (called by `RecallApp.close`). */
  readonly close?: () => Promise<void> | void;
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
  /** 2: a second round searches with the names the first round's best passage mentions (default 1). */
  readonly hops?: RetrievalHops | undefined;
  readonly abortSignal?: AbortSignal;
}

/** The passages a search found, and how many searches of the corpus it made to find them (more with two hops). */
export interface SearchResult {
  readonly passages: Passage[];
  readonly searches: number;
}

export interface EmbedRequest {
  /** A corpus name (its embedding model) or the embedding model's id. */
  readonly model: string;
  readonly texts: readonly string[];
  readonly kind: EmbeddingKind;
  readonly abortSignal?: AbortSignal;
}

/**
 * The composition root: configuration becomes adapters here, and every use case is a method — ask, search, embed and
 * feedback on the app itself, the rest grouped as `corpora`, `documents`, `asks`, `experiments` and `keys`. The HTTP
 * routes and the CLI commands are thin callers; each call carries the caller's `Access`, checked here, so that a route
 * cannot forget it.
 */
export class RecallApp {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly models: ModelSet;
  readonly settings: ServerSettings;
  /** Requests, asks, model calls, index jobs: what GET /metrics reports. */
  readonly metrics: Metrics;
  readonly corpora: CorpusService;
  /** A corpus's documents, page by page, and its latest indexing failures. */
  readonly documents: CorpusDocuments;
  /** The stored asks, read back. */
  readonly asks: AskHistory;
  /** Which embedding model serves each corpus. */
  readonly embeddingModels: CorpusEmbeddingModels;
  readonly experiments: ExperimentService;
  readonly keys: KeyService;
  /** Indexing over HTTP: upload jobs run in the background, and document deletes. */
  readonly jobs: IndexJobService;
  /** The language models' calibrations: the running model's is looked up once and kept. */
  readonly calibrations: ModelCalibrations;
  /** What to tell someone asking the bundled tiny generator about a corpus that is not the tiny world. */
  readonly tinyGenerator: TinyGeneratorNotice;

  constructor(private readonly parts: AppParts) {
    this.db = parts.db;
    this.store = parts.store;
    this.models = parts.models;
    this.settings = parts.settings ?? serverSchema.parse({ auth: {}, cors: {}, limits: {}, rateLimit: {} });
    this.metrics = parts.metrics ?? new Metrics();
    this.embeddingModels = new CorpusEmbeddingModels(this.models, parts.offline ?? false);
    this.corpora = new CorpusService(this.db, this.store, this.embeddingModels, this.metrics, parts.corporaSettings);
    this.documents = new CorpusDocuments(this.db);
    this.asks = new AskHistory(this.db);
    this.experiments = new ExperimentService(this.db);
    this.keys = new KeyService(this.db, this.settings.auth.required);
    this.calibrations = new ModelCalibrations(this.db);
    this.tinyGenerator = new TinyGeneratorNotice(this.db, parts.bundledGenerator ?? false);
    this.jobs = new IndexJobService({
      db: this.db,
      store: this.store,
      corpora: this.corpora,
      queuedJobsPerCorpus: this.settings.limits.queuedUploadJobs,
      shutdownGraceMs: this.settings.shutdownGraceMs,
      ...(parts.corporaSettings
        ? { heartbeatMs: parts.corporaSettings.jobHeartbeatMs, takeoverMs: parts.corporaSettings.jobTakeoverMs }
        : {}),
    });
  }

  /**
   * Opens the configured stores (migrating SQL) and prepares the configured models, loaded on first use: in worker
   * threads for a server (`workers`, with `runtime.workers`), in this thread for a one-shot command.
   */
  static async open(
    config: RecallConfig,
    options: { models?: ModelSet; workers?: boolean; observer?: WorkerObserver } = {},
  ): Promise<RecallApp> {
    const workspace = await openWorkspace(config);
    const metrics = new Metrics();
    const observer: WorkerObserver = options.observer ?? {
      batch: (rows) => metrics.observeBatch(rows),
      queueDepth: (requests) => metrics.setQueueDepth(requests),
    };
    const models =
      options.models ??
      configuredModels(config, { workers: (options.workers ?? false) && config.runtime.workers, observer });
    return new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models,
      settings: config.server,
      corporaSettings: config.corpora,
      metrics,
      offline: config.offline,
      promptFormat: config.models.language.promptFormat,
      languageSettings: config.models.language,
      bundledGenerator: options.models === undefined && isBundledGenerator(config.models.language),
      close: async () => {
        await models.close?.();
        await workspace.close();
      },
    });
  }

  /** Checks an ask (strategy, parameters, corpus, model) before any work; `run` answers it. */
  async prepareAsk(request: AskRequest, access: Access = fullAccess): Promise<PreparedAsk> {
    requireScope(access, "ask");
    if (request.corpus !== undefined) requireCorpus(access, request.corpus);
    const languageModel = await this.models.language();
    const embeddingModel = (corpus: CorpusRecord) => this.embeddingModels.forSearch(corpus);
    const promptFormat = promptFormatFor(languageModel, this.parts.promptFormat);
    const calibration = await this.calibrations.of(
      languageModel.modelId,
      this.calibrationConditions(promptFormat.name),
    );
    return prepareAsk(
      {
        db: this.db,
        store: this.store,
        languageModel,
        promptFormat,
        embeddingModel,
        metrics: this.metrics,
        calibration,
      },
      { ...request, keyId: access.keyId ?? undefined },
      { mayUseCorpus: (corpus) => mayUseCorpus(access, corpus) },
    );
  }

  /** How the loop frames its prompts for the language model (see `promptFormatFor`). */
  async promptFormat(): Promise<PromptFormat> {
    return promptFormatFor(await this.models.language(), this.parts.promptFormat);
  }

  /**
   * How the language model's asks are calibrated under the running settings: the bundled constants, a stored fit, or
   * none (with how a stored calibration's conditions differ from the running ones, when that is why).
   */
  async languageCalibration(): Promise<AskCalibration> {
    const languageModel = await this.models.language();
    return this.calibrations.of(languageModel.modelId, this.conditionsFor(languageModel));
  }

  /** Answers one question with one strategy. */
  async ask(request: AskRequest, access: Access = fullAccess): Promise<AskResponse> {
    return (await this.prepareAsk(request, access)).run();
  }

  /**
   * Whether a model id names the configured language model itself (as /v1/completions and the raw chat take it),
   * decided without loading it, so that an unknown id is refused at once.
   */
  isLanguageModelId(id: string): boolean {
    return this.models.configuredLanguageModelId() === id;
  }

  /** A chat reply from the configured language model itself: no loop, no retrieval, nothing stored. */
  async completeChat(request: RawChatRequest, access: Access = fullAccess): Promise<GenerateResult> {
    requireScope(access, "ask");
    return completeRawChat(await this.models.language(), request);
  }

  /**
   * Fits the configured language model's calibration (confidence, abstention, retrieval gate) on its answers to
   * labelled questions, stores it under the model's id and uses it for the asks that follow. Needs the admin scope.
   */
  async calibrate(request: CalibrateRequest, access: Access = fullAccess): Promise<CalibrationResult> {
    requireScope(access, "admin");
    requireCorpus(access, request.corpus);
    const languageModel = await this.models.language();
    return this.calibrations.fit(languageModel.modelId, this.conditionsFor(languageModel), request, (asked) =>
      this.ask(asked, access),
    );
  }

  /** What the language model's asks run under besides its id: what its calibration depends on. */
  private conditionsFor(languageModel: LanguageModel): CalibrationConditions {
    return this.calibrationConditions(promptFormatFor(languageModel, this.parts.promptFormat).name);
  }

  private calibrationConditions(promptFormat: string): CalibrationConditions {
    return calibrationConditionsOf(this.parts.languageSettings ?? inProcessDefaults, promptFormat);
  }

  /**
   * A retriever over a corpus; the corpus's own embedding model and the reranker are loaded only when the mode needs
   * them. `rerank: true` reads the default number of candidates, or limits.rerankCandidates when that is fewer. The
   * corpus record is read once, for both the model and the table, so that a re-embed switching the corpus meanwhile
   * cannot pair the old version's model with the new version's table. `hops: 2` adds the second round; the retriever
   * counts its searches (open one for each request or evaluation run whose searches are counted).
   */
  async openRetriever(options: {
    corpus: string;
    mode: RetrievalMode;
    weights?: HybridWeights | undefined;
    rerank?: boolean | number | undefined;
    hops?: RetrievalHops | undefined;
  }): Promise<CountedRetriever> {
    const corpus = await readCorpusToSearch(this.db, options.corpus);
    const embeddingModel = options.mode === "full-text" ? undefined : await this.embeddingModels.forSearch(corpus);
    const rerank = options.rerank ?? false;
    const byDefault = Math.min(defaultRerankCandidates, this.settings.limits.rerankCandidates);
    const rerankCandidates = rerank === true ? byDefault : rerank === false ? undefined : rerank;
    const reranker = rerankCandidates === undefined ? undefined : await this.models.reranker();
    return openRetriever({
      store: this.store,
      corpus,
      mode: options.mode,
      ...(embeddingModel ? { embeddingModel } : {}),
      ...(options.weights ? { weights: options.weights } : {}),
      ...(reranker && rerankCandidates !== undefined ? { reranker, rerankCandidates } : {}),
      ...(options.hops ? { hops: options.hops } : {}),
    });
  }

  /** The k best passages of a corpus for a query, and the searches made to find them. */
  async search(request: SearchRequest, access: Access = fullAccess): Promise<SearchResult> {
    requireScope(access, "search");
    requireCorpus(access, request.corpus);
    const retriever = await this.openRetriever(request);
    const passages = await retriever.retrieve({
      query: request.query,
      k: request.k,
      ...(request.filter ? { filter: request.filter } : {}),
      ...(request.embedText ? { embedText: request.embedText } : {}),
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    });
    return { passages, searches: retriever.searches };
  }

  /** Vectors from the embedding model a corpus was indexed with, or from the configured model named by its id. */
  async embed(request: EmbedRequest, access: Access = fullAccess) {
    requireScope(access, "embed");
    const named = mayUseCorpus(access, request.model) ? await findCorpus(this.db, request.model) : undefined;
    const corpus =
      named ??
      (this.models.configuredEmbedding().modelId === request.model
        ? undefined
        : (await this.corpora.servable(access)).find((servable) => servable.embeddingModel === request.model));
    const model = corpus
      ? await this.embeddingModels.forSearch(corpus)
      : await this.configuredEmbeddingNamed(request.model);
    const result = await model.embed({
      texts: request.texts,
      kind: request.kind,
      ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
    });
    this.metrics.observeModelUsage("embedding", { calls: 1, promptTokens: result.usage.tokens });
    return result;
  }

  /**
   * The embedding models a client may ask /v1/embeddings for, by id: the configured one and those of the corpora the
   * access may use (each with those corpora); none without the embed scope.
   */
  async embeddingModelIds(access: Access = fullAccess): Promise<{ id: string; corpora: string[] }[]> {
    if (!hasScope(access, "embed")) return [];
    const byId = new Map<string, string[]>([[this.models.configuredEmbedding().modelId, []]]);
    for (const corpus of await this.corpora.servable(access))
      byId.set(corpus.embeddingModel, [...(byId.get(corpus.embeddingModel) ?? []), corpus.name]);
    return [...byId].map(([id, corpora]) => ({ id, corpora }));
  }

  /** The configured embedding model, asked for by its id. */
  private async configuredEmbeddingNamed(modelId: string): Promise<EmbeddingModel> {
    if (this.models.configuredEmbedding().modelId !== modelId) throw new EmbeddingTargetNotFoundError(modelId);
    return this.models.embedding();
  }

  /** Stores feedback on an ask: the ask's own key or an admin only; a repeat by the same key replaces it. */
  async giveFeedback(request: FeedbackRequest, access: Access = fullAccess): Promise<FeedbackResult> {
    return giveFeedback(this.db, request, access);
  }

  /**
   * The access of a request: its key's grants, or full access while no key is needed (to a request addressed to this
   * machine only). See `KeyService.authenticate` for its 401 and 403.
   */
  async authenticate(request: AuthenticationRequest): Promise<Access> {
    return this.keys.authenticate(request);
  }

  /** Stops the index jobs (see `IndexJobService.close`), then the model workers, and closes the stores. */
  async close(): Promise<void> {
    await this.jobs.close();
    await this.parts.close?.();
  }
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
