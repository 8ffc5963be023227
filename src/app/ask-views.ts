import type { AskRecord, AskSummaryRecord } from "../db/ask-records.ts";

/** A stored ask as a list shows it (GET /v1/asks): what was asked, how, and what came back. */
export interface AskSummary {
  readonly id: string;
  readonly createdAt: string;
  readonly question: string;
  /** Null for a closed-book ask. */
  readonly corpus: string | null;
  readonly strategy: string;
  readonly experiment: string | null;
  readonly variant: string | null;
  /** "" for a failed ask. */
  readonly answer: string;
  readonly confidence: number;
  /** Null for an ask stored before this was recorded. */
  readonly calibrated: boolean | null;
  readonly abstained: boolean;
  readonly retrievals: number;
  readonly latencyMs: number;
  readonly status: "answered" | "failed";
  /** The error's code, for a failed ask. */
  readonly error: string | null;
}

/** A stored ask whole (GET /v1/asks/{id}): its summary, its parameters, its cost and its trace. */
export interface StoredAsk extends AskSummary {
  /** The strategy's parameters, defaults filled in. */
  readonly parameters: unknown;
  /** The user or session key sent with the ask (what assigns an experiment's variant). */
  readonly user: string | null;
  /** The API key it was made with; null when no key was needed. */
  readonly keyId: string | null;
  readonly modelCalls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /**
   * The trace events as they were stored: read them as `TraceEvent`s, knowing that an older ask may lack a field added
   * since (a step-reward's `reason`, say).
   */
  readonly trace: readonly unknown[];
}

/**
 * A stored ask's row as a list shows it to a client: only the fields of `AskSummary`, copied one by one, so that a
 * column added to the table reaches the API only when it is added here.
 */
export function askSummary(record: AskSummaryRecord): AskSummary {
  return {
    id: record.id,
    createdAt: record.createdAt,
    question: record.question,
    corpus: record.corpus,
    strategy: record.strategy,
    experiment: record.experiment,
    variant: record.variant,
    answer: record.answer,
    confidence: record.confidence,
    calibrated: record.calibrated,
    abstained: record.abstained,
    retrievals: record.retrievals,
    latencyMs: record.latencyMs,
    status: record.status,
    error: record.error,
  };
}

/**
 * A stored ask's row whole, as GET /v1/asks/{id} shows it: its summary, plus its parameters, its user (stored as the
 * subject key that assigns an experiment's variant), its key's id, its usage and its trace as stored.
 */
export function storedAsk(record: AskRecord): StoredAsk {
  return {
    ...askSummary(record),
    parameters: record.parameters,
    user: record.subjectKey,
    keyId: record.keyId,
    modelCalls: record.modelCalls,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    trace: record.trace,
  };
}
