import { z } from "zod";
import type { RetrievalHops } from "../../retrievers/two-hop-retriever.ts";

/**
 * How many rounds of search each retrieval makes: 1, or 2 — a second round with the names the first round's best
 * passage mentions, fused with the first (retrievers/two-hop-retriever.ts). 1 by default.
 */
export const retrievalHopsSchema = z
  .union([z.literal(1), z.literal(2)], {
    error: "expected 1 (one search) or 2 (a second round with the names the first round's best passage mentions)",
  })
  .default(1);

/** The hops that a strategy's validated parameters ask for: 1 when they have none (a strategy that never retrieves). */
export function hopsOf(parameters: unknown): RetrievalHops {
  const parsed = z.object({ hops: retrievalHopsSchema }).safeParse(parameters);
  return parsed.success ? parsed.data.hops : 1;
}
