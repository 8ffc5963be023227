import { describe, expect, it } from "vitest";
import { checkDatasetCoverage, DatasetNotIndexedError } from "../../src/evaluation/dataset-coverage.ts";
import type { RetrievalDataset } from "../../src/evaluation/retrieval-dataset.ts";
import type { Logger } from "../../src/logging/logger.ts";

/** A world-style dataset: judged as `person-000`, indexed as `person-000.md`; one judgement of grade 0. */
const dataset: RetrievalDataset = {
  format: "world",
  queries: [
    {
      id: "q1",
      text: "Where was Treisnos Bemtond born?",
      relevance: new Map([
        ["person-000", 1],
        ["place-001", 1],
      ]),
    },
    {
      id: "q2",
      text: "Who founded the foundry?",
      relevance: new Map([
        ["person-000", 1],
        ["not-relevant", 0],
      ]),
    },
  ],
  documentKey: (id) => id.replace(/\.md$/, ""),
  indexedIds: (key) => [`${key}.md`, key],
  corpusSource: "fixtures/world/corpus",
};

/** A corpus that holds the given ids; records each lookup. */
function corpusHolding(ids: readonly string[]) {
  const lookups: (readonly string[])[] = [];
  return {
    lookups,
    findDocuments: async (asked: readonly string[]) => {
      lookups.push(asked);
      return new Set(asked.filter((id) => ids.includes(id)));
    },
  };
}

/** A logger that keeps its warnings and throws on anything else. */
function warningsLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const unexpected = (message: string): never => {
    throw new Error(`unexpected log line: ${message}`);
  };
  return {
    warnings,
    warn: (message) => warnings.push(message),
    debug: unexpected,
    info: unexpected,
    error: unexpected,
  };
}

describe("a dataset's documents in a corpus", () => {
  it("counts the relevant documents the corpus holds, through the dataset's id mapping, and says nothing when all are there", async () => {
    const corpus = corpusHolding(["person-000.md", "place-001.md"]);
    const logger = warningsLogger();
    const coverage = await checkDatasetCoverage(dataset, {
      corpus: "world",
      findDocuments: corpus.findDocuments,
      logger,
    });
    expect(coverage).toEqual({ judged: 2, found: 2 });
    expect(corpus.lookups).toEqual([["person-000.md", "person-000", "place-001.md", "place-001"]]);
    expect(logger.warnings).toEqual([]);
  });

  it("warns with the share found when some are missing", async () => {
    const logger = warningsLogger();
    const coverage = await checkDatasetCoverage(dataset, {
      corpus: "world",
      findDocuments: corpusHolding(["place-001.md"]).findDocuments,
      logger,
    });
    expect(coverage).toEqual({ judged: 2, found: 1 });
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('corpus "world" holds 1 of the 2 documents the dataset judges relevant (50%)');
    expect(logger.warnings[0]).toContain("recall index fixtures/world/corpus --corpus world");
  });

  it("refuses a corpus that holds none of them, saying how many and how to index them", async () => {
    const checked = checkDatasetCoverage(dataset, {
      corpus: "notes",
      findDocuments: corpusHolding(["harbour.md"]).findDocuments,
    });
    await expect(checked).rejects.toBeInstanceOf(DatasetNotIndexedError);
    await expect(checked).rejects.toMatchObject({
      code: "dataset_not_indexed",
      status: 400,
      message: expect.stringMatching(
        /^The dataset judges 2 documents relevant, and corpus "notes" holds none of them.*\(recall index fixtures\/world\/corpus --corpus notes\)/,
      ),
    });
  });
});
