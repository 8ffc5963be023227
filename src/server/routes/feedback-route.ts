import { Hono } from "hono";
import { z } from "zod";
import { findAsk } from "../../db/ask-records.ts";
import { recordFeedback } from "../../db/feedback-records.ts";
import { RecallError } from "../../errors/recall-error.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

export class AskNotFoundError extends RecallError {
  override readonly name = "AskNotFoundError";
  readonly code = "ask_not_found";

  constructor(id: string) {
    super(
      `There is no ask with id "${id}". Send the "id" of a /v1/ask answer (or recall.ask_id of a chat completion).`,
    );
  }
}

const feedbackSchema = z
  .object({
    askId: z.string().min(1),
    /** A rating in [0, 1] (for example thumbs up 1, down 0, or stars / 5). */
    score: z.number().min(0).max(1).optional(),
    /** Whether the answer was right. */
    correct: z.boolean().optional(),
    comment: z.string().max(4000).optional(),
  })
  .strict()
  .refine((body) => body.score !== undefined || body.correct !== undefined || body.comment !== undefined, {
    message: "send a score, correct or a comment",
  });

/** POST /v1/feedback: what a user said about an answer, stored with the ask (its experiment and variant included). */
export function feedbackRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/feedback", async (context) => {
    const body = await parseJsonBody(context.req.raw, feedbackSchema);
    if (!(await findAsk(dependencies.app.db, body.askId))) throw new AskNotFoundError(body.askId);
    const record = await recordFeedback(dependencies.app.db, {
      askId: body.askId,
      score: body.score ?? null,
      correct: body.correct ?? null,
      comment: body.comment ?? null,
    });
    return context.json({ id: record.id, askId: record.askId }, 201);
  });
}
