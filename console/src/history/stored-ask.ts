/** What GET /v1/asks and GET /v1/asks/{id} answer, as the History view reads it (the server's src/app/ask-views.ts). */

/** A stored ask as the list shows it: what was asked, how, and what came back. */
export interface AskSummary {
  readonly id: string;
  /** ISO 8601. */
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

/** A page of stored asks, newest first; `next` is the cursor to send as `before` for the page after. */
export interface AskPage {
  readonly asks: readonly AskSummary[];
  readonly next: string | null;
}

/** A stored ask whole: its summary, the strategy's parameters, its cost and its trace. */
export interface StoredAsk extends AskSummary {
  /** The strategy's parameters as it ran, defaults filled in. */
  readonly parameters: unknown;
  readonly modelCalls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** The trace events as stored: an older ask's may lack a field added since (a step-reward's `reason`, say). */
  readonly trace: readonly unknown[];
}
