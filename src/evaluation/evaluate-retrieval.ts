import type { Retriever } from "../../retrievers/retriever.ts";
import { distinctDocuments, mrrAt, ndcgAt, recallAt } from "./ranking-metrics.ts";
import type { RetrievalDataset } from "./retrieval-dataset.ts";

/** Mean ranking quality over a dataset's queries, documents ranked by their best passage. */
export interface RetrievalFigures {
  readonly ndcg10: number;
  readonly recall2: number;
  readonly recall5: number;
  readonly recall10: number;
  readonly recall100: number;
  readonly mrr10: number;
  readonly queries: number;
}

/** Runs every query of the dataset through the retriever and averages the metrics. */
export async function evaluateRetrieval(
  retriever: Retriever,
  dataset: RetrievalDataset,
  options: {
    passages?: number;
    /** What dense search embeds instead of the query (the generative query: a drafted answer); none: the query. */
    embedTextOf?: (query: string) => Promise<string | undefined>;
  } = {},
): Promise<RetrievalFigures> {
  const totals = { ndcg10: 0, recall2: 0, recall5: 0, recall10: 0, recall100: 0, mrr10: 0 };
  for (const query of dataset.queries) {
    const embedText = await options.embedTextOf?.(query.text);
    const passages = await retriever.retrieve({
      query: query.text,
      k: options.passages ?? 300,
      ...(embedText ? { embedText } : {}),
    });
    const ranked = distinctDocuments(passages.map((passage) => dataset.documentKey(passage.documentId)));
    totals.ndcg10 += ndcgAt(ranked, query.relevance, 10);
    totals.recall2 += recallAt(ranked, query.relevance, 2);
    totals.recall5 += recallAt(ranked, query.relevance, 5);
    totals.recall10 += recallAt(ranked, query.relevance, 10);
    totals.recall100 += recallAt(ranked, query.relevance, 100);
    totals.mrr10 += mrrAt(ranked, query.relevance, 10);
  }
  const count = Math.max(dataset.queries.length, 1);
  const mean = (value: number): number => Math.round((value / count) * 10_000) / 10_000;
  return {
    ndcg10: mean(totals.ndcg10),
    recall2: mean(totals.recall2),
    recall5: mean(totals.recall5),
    recall10: mean(totals.recall10),
    recall100: mean(totals.recall100),
    mrr10: mean(totals.mrr10),
    queries: dataset.queries.length,
  };
}
