import { Hono } from "hono";
import { z } from "zod";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

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

/**
 * POST /v1/feedback: what a user said about an answer, stored with the ask (its experiment and variant included). Only
 * the ask's own key, or an admin, may send it (403 otherwise). One record per ask and key: the first is created (201),
 * a repeat replaces it (200, `replaced: true`).
 */
export function feedbackRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  return new Hono<ServerEnv>().post("/v1/feedback", async (context) => {
    const body = await parseJsonBody(context.req.raw, feedbackSchema);
    const result = await dependencies.app.giveFeedback(body, context.get("access"));
    return context.json(result, result.replaced ? 200 : 201);
  });
}
