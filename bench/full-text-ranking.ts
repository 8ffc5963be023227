/**
 * Recall's full-text search against Okapi BM25 over the very same chunks. Each dataset is indexed as `recall index`
 * indexes it, with the bundled encoder, into a temporary folder: HotpotQA dev-300 one document per context paragraph
 * (the default chunking, 200 tokens and 32 of overlap), SciFact one chunk per abstract (`--chunk-size 2048
 * --overlap 0`). The chunks are then read back from the table, title and text as full-text search indexes them, and
 * every query is ranked by
 *   - Recall's full-text search (`FullTextRetriever`, on LanceDB's index),
 *   - Okapi BM25, k1 0.9 and b 0.4, over lower-cased words,
 *   - the same BM25 over Lucene's English analysis (stop words, Porter stems), as Anserini's published baselines.
 * Documents are ranked by their best chunk, as `recall eval retrieval` ranks them.
 *
 *   npx tsx bench/full-text-ranking.ts [--hotpotqa PATH] [--scifact FOLDER] [--json]
 *
 * Prints a Markdown table with each BM25's difference from Recall's search (or one JSON object with --json).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { indexCorpus } from "../indexers/index-corpus.ts";
import { openRetriever, readCorpusToSearch } from "../retrievers/open-retriever.ts";
import { passageColumns, type ReturnedRow, toPassage } from "../retrievers/passage-row.ts";
import type { Retriever } from "../retrievers/retriever.ts";
import { openWorkspace } from "../src/app/open-workspace.ts";
import { bundledModels } from "../src/config/bundled-models.ts";
import { evaluateRetrieval, type RetrievalFigures } from "../src/evaluation/evaluate-retrieval.ts";
import { readRetrievalDataset } from "../src/evaluation/retrieval-dataset.ts";
import { TransformersEmbeddingModel } from "../src/models/transformers/transformers-embedding-model.ts";
import { projectRoot } from "../src/util/project-root.ts";
import { type Analyzer, luceneEnglish, OkapiBm25, plainWords } from "./support/okapi-bm25.ts";

const shared = join(projectRoot, "..", "shared", "data");
const { values } = parseArgs({
  options: {
    hotpotqa: { type: "string", default: join(shared, "hotpotqa", "dev-300.jsonl") },
    scifact: { type: "string", default: join(shared, "scifact") },
    json: { type: "boolean", default: false },
  },
});

const datasets = [
  { name: "HotpotQA dev-300", source: values.hotpotqa, questions: values.hotpotqa, chunkSize: 200, overlap: 32 },
  {
    name: "SciFact test",
    source: join(values.scifact, "corpus.jsonl"),
    questions: values.scifact,
    chunkSize: 2048,
    overlap: 0,
  },
] as const;

const recallRanker = "Recall full-text";
const bm25Rankers: readonly { name: string; analyzer: Analyzer }[] = [
  { name: "BM25 k1 0.9 b 0.4, plain words", analyzer: plainWords },
  { name: "BM25 k1 0.9 b 0.4, Lucene English", analyzer: luceneEnglish },
];

/** Okapi BM25 over a table's chunks, as a Retriever. */
function bm25Retriever(rows: readonly (ReturnedRow & { search_text: string })[], analyzer: Analyzer): Retriever {
  const bm25 = new OkapiBm25(
    rows.map((row) => row.search_text),
    analyzer,
    { k1: 0.9, b: 0.4 },
  );
  return {
    mode: "full-text",
    retrieve: async ({ query, k }) =>
      bm25.search(query, k).map(({ index, score }) => toPassage(rows[index] as ReturnedRow, score, "full-text")),
  };
}

interface Measured {
  readonly figures: RetrievalFigures;
  readonly msPerQuery: number;
}

async function measure(retriever: Retriever, dataset: Awaited<ReturnType<typeof readRetrievalDataset>>) {
  const started = performance.now();
  const figures = await evaluateRetrieval(retriever, dataset);
  return { figures, msPerQuery: (performance.now() - started) / Math.max(1, figures.queries) };
}

const model = await TransformersEmbeddingModel.load(bundledModels.embedding);
const results: Record<string, { chunks: number; rankers: Record<string, Measured> }> = {};
for (const dataset of datasets) {
  const home = await mkdtemp(join(tmpdir(), "recall-full-text-bench-"));
  const workspace = await openWorkspace({ home });
  try {
    const started = performance.now();
    await indexCorpus(
      { db: workspace.db, store: workspace.store },
      {
        corpus: "bench",
        paths: [dataset.source],
        embeddingModel: model,
        chunkSize: dataset.chunkSize,
        overlap: dataset.overlap,
      },
    );
    process.stderr.write(`${dataset.name}: indexed in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    const corpus = await readCorpusToSearch(workspace.db, "bench");
    const table = await workspace.store.reader(corpus.activeTable);
    if (!table) throw new Error(`${dataset.name}: the index run wrote no table`);
    const rows = (await table.table
      .query()
      .select([...passageColumns, "search_text"])
      .toArray()) as (ReturnedRow & { search_text: string })[];
    const questions = await readRetrievalDataset(dataset.questions);
    const rankers: Record<string, Measured> = {
      [recallRanker]: await measure(
        await openRetriever({ store: workspace.store, corpus, mode: "full-text" }),
        questions,
      ),
    };
    for (const ranker of bm25Rankers)
      rankers[ranker.name] = await measure(bm25Retriever(rows, ranker.analyzer), questions);
    results[dataset.name] = { chunks: rows.length, rankers };
  } finally {
    await workspace.close();
    await rm(home, { recursive: true, force: true });
  }
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
} else {
  const metrics = ["ndcg10", "recall2", "recall5", "recall10", "recall100"] as const;
  const lines = [
    "| dataset (queries, chunks) | ranker | nDCG@10 | R@2 | R@5 | R@10 | R@100 | ms/query |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const [name, { chunks, rankers }] of Object.entries(results)) {
    const recall = rankers[recallRanker];
    if (!recall) continue;
    for (const [ranker, { figures, msPerQuery }] of Object.entries(rankers)) {
      const cells = metrics.map((metric) => {
        const value = figures[metric].toFixed(3);
        if (ranker === recallRanker) return value;
        const difference = recall.figures[metric] - figures[metric];
        return `${value} (${difference >= 0 ? "+" : ""}${difference.toFixed(3)})`;
      });
      lines.push(
        `| ${name} (${figures.queries}, ${chunks}) | ${ranker} | ${cells.join(" | ")} | ${msPerQuery.toFixed(1)} |`,
      );
    }
  }
  process.stdout.write(
    `${lines.join("\n")}\n\nIn brackets: Recall's full-text search minus that BM25 (positive: Recall ranks better).\n`,
  );
}
