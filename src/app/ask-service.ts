import { randomUUID } from "node:crypto";
import { openRetriever, readCorpusToSearch } from "../../retrievers/open-retriever.ts";
import type { RetrievalMode } from "../../retrievers/passage.ts";
import type { Retriever } from "../../retrievers/retriever.ts";
import type { RetrievalHops } from "../../retrievers/two-hop-retriever.ts";
import { recordAsk } from "../db/ask-records.ts";
import type { CorpusRecord } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import { findExperiment } from "../db/experiment-records.ts";
import { RecallError } from "../errors/recall-error.ts";
import { assignVariant } from "../experiments/assign-variant.ts";
import { ExperimentNotFoundError, MissingSubjectKeyError } from "../experiments/experiment-errors.ts";
import type { EmbeddingModel } from "../models/embedding-model.ts";
import type { LanguageModel } from "../models/language-model.ts";
import type { Metrics } from "../observability/metrics.ts";
import type { AnswerOutcome } from "../reasoning/answer-outcome.ts";
import { BundledFormat } from "../reasoning/formats/bundled-format.ts";
import type { PromptFormat } from "../reasoning/prompt-format.ts";
import type { TraceEvent, TraceSink } from "../reasoning/trace-events.ts";
import { type AskUsage, UsageMeter } from "../reasoning/usage-meter.ts";
import type { ChunkStore } from "../store/chunk-table.ts";
import { runStrategy } from "../strategies/answer-in-parts.ts";
import { type AskCalibration, calibrationDefaults, isCalibrated } from "../strategies/model-calibration.ts";
import { hopsOf } from "../strategies/retrieval-hops.ts";
import { type ConfiguredStrategy, configureStrategy, type StrategyName } from "../strategies/strategies.ts";
import { AccessDeniedError } from "./access.ts";
import { calibrationConditionsOf, inProcessDefaults } from "./calibration-conditions.ts";
import { readAskCalibration } from "./model-calibrations.ts";

export interface AskRequest {
  readonly question: string;
  /** Without a corpus, strategies answer closed-book. */
  readonly corpus?: string | undefined;
  readonly strategy: string;
  readonly parameters?: unknown;
  /** How the strategy's retrievals search the corpus. */
  readonly mode?: RetrievalMode;
  /** Instructions for the model (a chat's system message), put in front of every prompt. */
  readonly instructions?: string | undefined;
  /** Ask through this experiment: the variant assigned to `subjectKey` decides strategy and parameters. */
  readonly experiment?: string | undefined;
  /** The user or session key that makes the assignment sticky. */
  readonly subjectKey?: string | undefined;
  /** The API key the ask was made with (feedback on it needs the same key). */
  readonly keyId?: string | undefined;
}

export interface PrepareAskOptions {
  /** Whether the caller may use a corpus (checked again once an experiment has named one). */
  readonly mayUseCorpus?: (corpus: string) => boolean;
}

export interface AskDependencies {
  readonly db: Database;
  readonly store: ChunkStore;
  readonly languageModel: LanguageModel;
  /** How to frame prompts for the language model (the bundled format when not given). */
  readonly promptFormat?: PromptFormat;
  /**
   * The model that embeds a corpus's queries: one for every corpus, or each corpus's own (as `RecallApp` gives it),
   * chosen from the same record that the retriever opens the table of.
   */
  readonly embeddingModel: EmbeddingModel | ((corpus: CorpusRecord) => Promise<EmbeddingModel>);
  /** Counts each ask run: its outcome, model calls, tokens and retrievals. */
  readonly metrics?: Metrics;
  /**
   * How the language model's asks are calibrated (`RecallApp` keeps it); when not given, read from SQL by its id, as
   * an in-process model on its default weights (fp32) in `promptFormat`.
   */
  readonly calibration?: AskCalibration;
}

/** An answer as the ask service returns it: the strategy's outcome, with what was asked, its cost and its trace. */
export interface AskResponse extends Omit<AnswerOutcome, "guess"> {
  readonly id: string;
  readonly question: string;
  readonly corpus: string | null;
  readonly strategy: StrategyName;
  readonly parameters: unknown;
  /** What the strategy would have answered had it not abstained. */
  readonly guess: string | null;
  /**
   * Whether the confidence is calibrated (the model's stored calibration, the bundled model's, or one the ask
   * passed); false: the model has none, and the confidence is the mean of the answer's probability signals.
   */
  readonly calibrated: boolean;
  readonly usage: AskUsage;
  readonly latencyMs: number;
  readonly trace: readonly TraceEvent[];
  /** The experiment and variant, when the ask went through one. */
  readonly experiment: { readonly name: string; readonly variant: string } | null;
}

/**
 * An ask that passed validation: its strategy configured, its retriever open; `run` answers it, once. Its id and
 * what it will run are known before it runs, so that a stream can say so before the model's first call.
 */
export interface PreparedAsk {
  readonly id: string;
  readonly question: string;
  readonly corpus: string | null;
  readonly strategy: StrategyName;
  /** The experiment and variant, when the ask goes through one. */
  readonly experiment: { readonly name: string; readonly variant: string } | null;
  run(options?: { emit?: TraceSink; abortSignal?: AbortSignal }): Promise<AskResponse>;
}

/**
 * Answers one question with one strategy (see `prepareAsk` and `PreparedAsk.run`).
 */
export async function answerQuestion(
  dependencies: AskDependencies,
  request: AskRequest,
  options: { emit?: TraceSink; abortSignal?: AbortSignal } = {},
): Promise<AskResponse> {
  return (await prepareAsk(dependencies, request)).run(options);
}

/**
 * Checks an ask before any work — the strategy and its parameters, the corpus and its embedding model — so that a
 * client's mistake fails before a response (or a stream) has begun. Running it answers with a metered model and
 * retriever and stores the ask (answer, cost, latency, trace) in SQL, a failed one too.
 */
export async function prepareAsk(
  dependencies: AskDependencies,
  asked: AskRequest,
  options: PrepareAskOptions = {},
): Promise<PreparedAsk> {
  const request = await throughExperiment(dependencies.db, asked);
  if (request.corpus !== undefined && options.mayUseCorpus && !options.mayUseCorpus(request.corpus))
    throw new AccessDeniedError("This API key may not use the experiment's corpus.");
  const calibration =
    dependencies.calibration ??
    (await readAskCalibration(
      dependencies.db,
      dependencies.languageModel.modelId,
      calibrationConditionsOf(inProcessDefaults, dependencies.promptFormat?.name ?? "bundled"),
    ));
  const configured = configureStrategy(
    request.strategy,
    request.parameters,
    calibrationDefaults(request.strategy, calibration),
  );
  const mode = request.mode ?? "hybrid";
  const retriever =
    request.corpus === undefined
      ? undefined
      : await openAskRetriever(dependencies, request.corpus, mode, hopsOf(configured.parameters));
  const id = randomUUID();
  return {
    id,
    question: request.question,
    corpus: request.corpus ?? null,
    strategy: configured.name,
    experiment: request.experiment && request.variant ? { name: request.experiment, variant: request.variant } : null,
    run: (options = {}) => runAsk(dependencies, id, request, configured, retriever, options),
  };
}

/**
 * The retriever of an ask: its model and its table from one read of the corpus record; with two hops, every retrieval
 * of the strategy searches a second round (the one place where strategies get it).
 */
async function openAskRetriever(
  dependencies: AskDependencies,
  name: string,
  mode: RetrievalMode,
  hops: RetrievalHops,
): Promise<Retriever> {
  const corpus = await readCorpusToSearch(dependencies.db, name);
  return openRetriever({
    store: dependencies.store,
    corpus,
    mode,
    hops,
    ...(mode === "full-text" ? {} : { embeddingModel: await embeddingModelOf(dependencies, corpus) }),
  });
}

/** The model that embeds a corpus's queries. */
function embeddingModelOf(dependencies: AskDependencies, corpus: CorpusRecord): Promise<EmbeddingModel> {
  const { embeddingModel } = dependencies;
  return typeof embeddingModel === "function" ? embeddingModel(corpus) : Promise.resolve(embeddingModel);
}

/**
 * The request with the strategy, parameters and corpus of the variant its experiment assigns to its key. A paused or
 * stopped experiment sends every ask to its control (the first variant), recorded outside the experiment so that its
 * results keep only the asks it assigned.
 */
async function throughExperiment(db: Database, request: AskRequest): Promise<AskRequest & { variant?: string }> {
  if (request.experiment === undefined) return request;
  const experiment = await findExperiment(db, request.experiment);
  if (!experiment) throw new ExperimentNotFoundError(request.experiment);
  if (experiment.status !== "running") {
    const [control] = experiment.variants;
    if (!control) throw new Error(`experiment ${experiment.name} has no variants`);
    const { experiment: _experiment, ...outside } = request;
    return {
      ...outside,
      strategy: control.strategy,
      parameters: control.params,
      corpus: request.corpus ?? experiment.corpus ?? undefined,
    };
  }
  if (!request.subjectKey) throw new MissingSubjectKeyError();
  const variant = assignVariant(experiment.name, request.subjectKey, experiment.variants);
  return {
    ...request,
    strategy: variant.strategy,
    parameters: variant.params,
    corpus: request.corpus ?? experiment.corpus ?? undefined,
    variant: variant.name,
  };
}

async function runAsk(
  dependencies: AskDependencies,
  id: string,
  request: AskRequest & { variant?: string },
  configured: ConfiguredStrategy,
  retriever: Retriever | undefined,
  options: { emit?: TraceSink; abortSignal?: AbortSignal },
): Promise<AskResponse> {
  const started = performance.now();
  const meter = new UsageMeter();
  const trace: TraceEvent[] = [];
  const base = {
    id,
    question: request.question,
    corpus: request.corpus ?? null,
    strategy: configured.name,
    parameters: configured.parameters,
    experiment: request.experiment ?? null,
    variant: request.variant ?? null,
    subjectKey: request.subjectKey ?? null,
    calibrated: isCalibrated(configured.parameters),
  };
  const experiment =
    request.experiment && request.variant ? { name: request.experiment, variant: request.variant } : null;
  const keyId = request.keyId ?? null;
  try {
    const outcome = await runStrategy(configured.strategy, request.question, configured.parameters, {
      languageModel: meter.languageModel(dependencies.languageModel),
      format: (dependencies.promptFormat ?? new BundledFormat()).withInstructions(request.instructions),
      retriever: retriever ? meter.retriever(retriever) : undefined,
      emit: (event) => {
        trace.push(event);
        options.emit?.(event);
      },
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    const usage = meter.usage();
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    await recordAsk(dependencies.db, {
      ...base,
      keyId,
      answer: outcome.answer,
      confidence: outcome.confidence,
      abstained: outcome.abstained,
      retrievals: usage.retrievals,
      modelCalls: usage.modelCalls,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      latencyMs,
      status: "answered",
      trace,
    });
    dependencies.metrics?.observeAsk({
      strategy: configured.name,
      outcome: outcome.abstained ? "abstained" : "answered",
      usage,
    });
    return {
      ...base,
      answer: outcome.answer,
      abstained: outcome.abstained,
      confidence: outcome.confidence,
      guess: outcome.guess ?? null,
      answerTokens: outcome.answerTokens,
      steps: outcome.steps,
      citations: outcome.citations,
      passages: outcome.passages,
      usage,
      latencyMs,
      trace,
      experiment,
    };
  } catch (error) {
    const usage = meter.usage();
    const outcome = options.abortSignal?.aborted ? "aborted" : "failed";
    dependencies.metrics?.observeAsk({ strategy: configured.name, outcome, usage });
    try {
      await recordAsk(dependencies.db, {
        ...base,
        keyId,
        answer: "",
        confidence: 0,
        abstained: false,
        retrievals: usage.retrievals,
        modelCalls: usage.modelCalls,
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        status: "failed",
        error: error instanceof RecallError ? error.code : "internal_error",
        trace,
      });
    } catch {
      // The ask's own error is the one to report; a failure to record it must not hide it.
    }
    throw error;
  }
}
