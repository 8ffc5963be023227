import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** A model family, as metrics label it. */
export type ModelKind = "language" | "embedding" | "reranker";

/** How an ask ended: answered, abstained (the strategy declined to answer), failed, or aborted by its caller. */
export type AskOutcome = "answered" | "abstained" | "failed" | "aborted";

/** One HTTP request, once its response is done. */
export interface RequestObservation {
  /** The method of the route that matched (bounded), or "other". */
  readonly method: string;
  /** The matched route pattern (`/v1/experiments/:name`), never the raw path, or "unmatched". */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

/** What one ask spent and how it ended. */
export interface AskObservation {
  readonly strategy: string;
  readonly outcome: AskOutcome;
  readonly usage: {
    readonly modelCalls: number;
    readonly promptTokens: number;
    readonly completionTokens: number;
    readonly retrievals: number;
  };
}

/** An indexing job's running counts (cumulative, as the indexer reports them). */
export interface IndexJobCounts {
  readonly documents: number;
  readonly skipped: number;
  readonly failed: number;
  readonly embedded: number;
}

/** Feeds one indexing job's progress into the metrics; `end` once, with the final counts when it succeeded. */
export interface IndexJobMeter {
  progress(counts: IndexJobCounts): void;
  end(status: "succeeded" | "failed", counts?: IndexJobCounts): void;
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const batchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * A server's Prometheus metrics, in a registry of its own (not prom-client's global one), so that several apps in one
 * process — tests — count apart. Names follow Prometheus' conventions: a `recall_` prefix, base units, `_total` on
 * counters. Labels are bounded: route patterns, strategy names, model kinds, corpus names; never a raw path or a key.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<"method" | "route" | "status">;
  private readonly httpDuration: Histogram<"method" | "route">;
  private readonly modelCalls: Counter<"kind">;
  private readonly modelTokens: Counter<"kind" | "type">;
  private readonly batchSize: Histogram<"kind">;
  private readonly queueDepth: Gauge<"kind">;
  private readonly retrievals: Counter;
  private readonly asks: Counter<"strategy" | "outcome">;
  private readonly indexJobs: Counter<"corpus" | "status">;
  private readonly indexJobsRunning: Gauge;
  private readonly indexDocuments: Counter<"corpus">;
  private readonly indexSkipped: Counter<"corpus">;
  private readonly indexFailed: Counter<"corpus">;
  private readonly indexEmbedded: Counter<"corpus">;
  private processMetrics = false;

  constructor() {
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: "recall_http_requests_total",
      help: "HTTP requests answered, by matched route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.httpDuration = new Histogram({
      name: "recall_http_request_duration_seconds",
      help: "Time from a request's arrival until its response (a stream's included) was done.",
      labelNames: ["method", "route"],
      buckets: latencyBuckets,
      registers,
    });
    this.modelCalls = new Counter({
      name: "recall_model_calls_total",
      help: "Model calls (generate, stream, score; embed), by model kind.",
      labelNames: ["kind"],
      registers,
    });
    this.modelTokens = new Counter({
      name: "recall_model_tokens_total",
      help: "Tokens read (prompt) and written (completion) by models, by model kind.",
      labelNames: ["kind", "type"],
      registers,
    });
    this.batchSize = new Histogram({
      name: "recall_batch_size",
      help: "Sequences decoded together in one batch by the model runtime.",
      labelNames: ["kind"],
      buckets: batchBuckets,
      registers,
    });
    this.queueDepth = new Gauge({
      name: "recall_queue_depth",
      help: "Model calls waiting in the model runtime's queue.",
      labelNames: ["kind"],
      registers,
    });
    this.retrievals = new Counter({
      name: "recall_retrievals_total",
      help: "Retrievals made by asks' strategies.",
      registers,
    });
    this.asks = new Counter({
      name: "recall_asks_total",
      help: "Asks run, by strategy and outcome (answered, abstained, failed, aborted).",
      labelNames: ["strategy", "outcome"],
      registers,
    });
    this.indexJobs = new Counter({
      name: "recall_index_jobs_total",
      help: "Indexing jobs ended, by corpus and status.",
      labelNames: ["corpus", "status"],
      registers,
    });
    this.indexJobsRunning = new Gauge({
      name: "recall_index_jobs_running",
      help: "Indexing jobs running now.",
      registers,
    });
    this.indexDocuments = new Counter({
      name: "recall_index_documents_total",
      help: "Documents read by indexing jobs, by corpus.",
      labelNames: ["corpus"],
      registers,
    });
    this.indexSkipped = new Counter({
      name: "recall_index_documents_skipped_total",
      help: "Documents left as they were because they had not changed, by corpus.",
      labelNames: ["corpus"],
      registers,
    });
    this.indexFailed = new Counter({
      name: "recall_index_documents_failed_total",
      help: "Documents that could not be indexed, by corpus.",
      labelNames: ["corpus"],
      registers,
    });
    this.indexEmbedded = new Counter({
      name: "recall_index_chunks_embedded_total",
      help: "Chunks embedded and written by indexing jobs, by corpus.",
      labelNames: ["corpus"],
      registers,
    });
  }

  /** The content type of `render`'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Adds the Node.js process's own metrics (CPU, memory, event-loop lag, garbage collection) under their standard
   * names (`process_…`, `nodejs_…`). For a long-running server; a one-shot command has no use for them.
   */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one HTTP request and its latency. */
  observeRequest(request: RequestObservation): void {
    this.httpRequests.inc({ method: request.method, route: request.route, status: String(request.status) });
    this.httpDuration.observe({ method: request.method, route: request.route }, request.seconds);
  }

  /** Counts one ask: its outcome, and the model calls, tokens and retrievals it spent. */
  observeAsk(ask: AskObservation): void {
    this.asks.inc({ strategy: ask.strategy, outcome: ask.outcome });
    this.observeModelUsage("language", {
      calls: ask.usage.modelCalls,
      promptTokens: ask.usage.promptTokens,
      completionTokens: ask.usage.completionTokens,
    });
    this.retrievals.inc(ask.usage.retrievals);
  }

  /** Counts model calls and their tokens (an embedding model's tokens are all prompt tokens). */
  observeModelUsage(
    kind: ModelKind,
    usage: { readonly calls: number; readonly promptTokens: number; readonly completionTokens?: number },
  ): void {
    this.modelCalls.inc({ kind }, usage.calls);
    this.modelTokens.inc({ kind, type: "prompt" }, usage.promptTokens);
    if (usage.completionTokens !== undefined)
      this.modelTokens.inc({ kind, type: "completion" }, usage.completionTokens);
  }

  /** For the model runtime: one decoding batch of `size` sequences. */
  observeBatch(size: number, kind: ModelKind = "language"): void {
    this.batchSize.observe({ kind }, size);
  }

  /** For the model runtime: how many calls wait in its queue now. */
  setQueueDepth(depth: number, kind: ModelKind = "language"): void {
    this.queueDepth.set({ kind }, depth);
  }

  /** Starts counting an indexing job of a corpus: it runs until `end`, its progress counted as it comes. */
  startIndexJob(corpus: string): IndexJobMeter {
    this.indexJobsRunning.inc();
    const counters = [
      [this.indexDocuments, "documents"],
      [this.indexSkipped, "skipped"],
      [this.indexFailed, "failed"],
      [this.indexEmbedded, "embedded"],
    ] as const;
    const last: Record<keyof IndexJobCounts, number> = { documents: 0, skipped: 0, failed: 0, embedded: 0 };
    let ended = false;
    const progress = (counts: IndexJobCounts): void => {
      for (const [counter, field] of counters) {
        const added = counts[field] - last[field];
        if (added > 0) counter.inc({ corpus }, added);
        last[field] = Math.max(last[field], counts[field]);
      }
    };
    return {
      progress: (counts) => {
        if (!ended) progress(counts);
      },
      end: (status, counts) => {
        if (ended) return;
        if (counts) progress(counts);
        ended = true;
        this.indexJobs.inc({ corpus, status });
        this.indexJobsRunning.dec();
      },
    };
  }
}
