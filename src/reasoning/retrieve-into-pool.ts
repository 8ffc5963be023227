import type { Retriever } from "../../retrievers/retriever.ts";
import type { PassagePool } from "./passage-pool.ts";
import type { RetrievalQueryKind, TraceSink } from "./trace-events.ts";

export interface PoolRetrieval {
  readonly step: number;
  readonly query: string;
  /** The generative query: embed this text instead of the query's words. */
  readonly embedText?: string | undefined;
  readonly queryKind: RetrievalQueryKind;
  readonly k: number;
  /** The pool holds at most this many passages. */
  readonly maxPassages?: number;
}

/** What one retrieval brought: the share of its passages that were new to the pool, and the texts of those. */
export interface PoolRetrievalResult {
  readonly novelty: number;
  readonly added: readonly string[];
}

/** Retrieves, adds what is new to the pool, traces both ends. */
export async function retrieveIntoPool(
  retriever: Retriever,
  pool: PassagePool,
  retrieval: PoolRetrieval,
  emit: TraceSink,
  abortSignal?: AbortSignal,
): Promise<PoolRetrievalResult> {
  const { step, query, embedText } = retrieval;
  emit({ type: "retrieve-start", step, query: embedText ?? query, queryKind: retrieval.queryKind });
  const found = await retriever.retrieve({
    query,
    k: retrieval.k,
    ...(embedText ? { embedText } : {}),
    ...(abortSignal ? { abortSignal } : {}),
  });
  const held = new Set(pool.texts());
  const added = pool.add(found, retrieval.maxPassages);
  emit({ type: "retrieve-end", step, passages: pool.refs(found), newPassages: added });
  return {
    novelty: found.length === 0 ? 0 : added / found.length,
    added: pool.texts().filter((text) => !held.has(text)),
  };
}
