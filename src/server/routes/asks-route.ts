import { Hono } from "hono";
import { z } from "zod";
import type { AskPosition } from "../../db/ask-records.ts";
import { nameText } from "../limited-schemas.ts";
import { pageCursor } from "../page-cursor.ts";
import { booleanParameter, limitParameter, parseQuery } from "../parse-query.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/** Where a page of GET /v1/asks ends: its last ask's creation time and id, the `next` a client sends as `before`. */
const askCursor = pageCursor(
  (position: AskPosition) => [position.createdAt, position.id],
  z
    .tuple([z.string().min(1).max(64), z.string().min(1).max(256)])
    .transform(([createdAt, id]): AskPosition => ({ createdAt, id })),
);

/** The query of GET /v1/asks: filters, each left out to list them all, and the page. */
const listQuery = z
  .object({
    corpus: nameText.optional(),
    strategy: nameText.optional(),
    experiment: nameText.optional(),
    variant: nameText.optional(),
    abstained: booleanParameter.optional(),
    status: z.enum(["answered", "failed"]).optional(),
    limit: limitParameter,
    /** The `next` of the page before. */
    before: askCursor.parameter.optional(),
  })
  .strict();

/**
 * GET /v1/asks: the stored asks, newest first, filtered by corpus, strategy, experiment, variant, abstained and status,
 * a page of `limit` (1 to 100, default 20) at a time: `{ asks, next }`, `next` the opaque cursor to send as `before`
 * for the page after (null on the last). GET /v1/asks/{id}: one ask whole, with its parameters, cost and trace. Both
 * need the ask scope: a key reads the asks made with it (on the corpora it may use, and closed-book ones), an admin
 * key every ask on its corpora; an ask it may not read is 404 `ask_not_found`.
 */
export function asksRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const { app } = dependencies;
  return new Hono<ServerEnv>()
    .get("/v1/asks", async (context) => {
      const query = parseQuery(context.req.raw, listQuery);
      if (query.corpus !== undefined) context.set("corpus", query.corpus);
      const page = await app.asks.list(query, context.get("access"));
      return context.json({ asks: page.asks, next: page.next === null ? null : askCursor.encode(page.next) });
    })
    .get("/v1/asks/:id", async (context) =>
      context.json(await app.asks.get(context.req.param("id"), context.get("access"))),
    );
}
