import { findAsk } from "../db/ask-records.ts";
import type { Database } from "../db/database.ts";
import { recordFeedback } from "../db/feedback-records.ts";
import { type Access, AccessDeniedError, hasScope } from "./access.ts";
import { AskNotFoundError } from "./ask-not-found-error.ts";

/** What a user said about an answer. */
export interface FeedbackRequest {
  readonly askId: string;
  /** A rating in [0, 1]. */
  readonly score?: number | undefined;
  readonly correct?: boolean | undefined;
  readonly comment?: string | undefined;
}

export interface FeedbackResult {
  readonly id: number;
  readonly askId: string;
  /** Whether it replaced the key's earlier feedback on the ask. */
  readonly replaced: boolean;
}

/**
 * Stores feedback on an ask, one record per ask and key (a repeat replaces it). Only the key the ask was made with,
 * or an admin, may give it; an ask made without a key (while none was needed) takes feedback from an admin only once
 * keys are in use, and from anyone before (everyone has full access then).
 */
export async function giveFeedback(db: Database, request: FeedbackRequest, access: Access): Promise<FeedbackResult> {
  const ask = await findAsk(db, request.askId);
  if (!ask) throw new AskNotFoundError(request.askId);
  const ownAsk = ask.keyId !== null && ask.keyId === access.keyId;
  if (!ownAsk && !hasScope(access, "admin"))
    throw new AccessDeniedError("Feedback on an ask needs the API key it was asked with, or the admin scope.");
  const { record, replaced } = await recordFeedback(db, {
    askId: ask.id,
    keyId: access.keyId ?? "",
    score: request.score ?? null,
    correct: request.correct ?? null,
    comment: request.comment ?? null,
  });
  return { id: record.id, askId: record.askId, replaced };
}
