import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import { runCli } from "../support/run-cli.ts";

/** Measured 0.86 with the bundled model in chunks of 64 tokens (0.54 in the default 200: it compresses long ones badly). */
const knownRecallFloor = 0.7;

describe("indexing and searching with the LLM2Vec-Gen model", () => {
  let home: string;
  const generative = { RECALL_EMBEDDING_MODEL: bundledModels.generativeEmbedding };
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-generative-"));
    const indexed = await runCli(
      [
        "index",
        join(worldFolder, "corpus"),
        "--corpus",
        "world",
        "--model",
        bundledModels.generativeEmbedding,
        "--chunk-size",
        "64",
        "--overlap",
        "0",
        "--json",
      ],
      { RECALL_HOME: home },
    );
    if (indexed.code !== 0) throw new Error(`recall index failed: ${indexed.stderr}`);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("records the corpus as embedded by the LLM2Vec-Gen model", async () => {
    const result = await runCli(["corpora", "show", "world", "--json"], { RECALL_HOME: home });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ model: expect.stringMatching(/^tiny-llm2vec-gen@/) });
  });

  it("searches the corpus densely with the same model", async () => {
    const result = await runCli(
      ["search", "Who does Treisnos Bemtond work for?", "--corpus", "world", "--mode", "dense", "--k", "4", "--json"],
      { RECALL_HOME: home, ...generative },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { passages: { documentId: string; retriever: string; score: number }[] };
    expect(body.passages).toHaveLength(4);
    for (const passage of body.passages) expect(passage.retriever).toBe("dense");
    const scores = body.passages.map((passage) => passage.score);
    expect(scores).toEqual([...scores].sort((left, right) => right - left));
  });

  it("searches the corpus with the model it recorded, whatever embedding model is configured", async () => {
    const result = await runCli(
      ["search", "Who does Treisnos Bemtond work for?", "--corpus", "world", "--mode", "dense", "--k", "4", "--json"],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { passages: { retriever: string }[] };
    expect(body.passages).toHaveLength(4);
    for (const passage of body.passages) expect(passage.retriever).toBe("dense");
  });

  it("measures retrieval of the known facts' documents with recall eval retrieval", async () => {
    const result = await runCli(
      [
        "eval",
        "retrieval",
        "--dataset",
        join(worldFolder, "qa", "known.jsonl"),
        "--corpus",
        "world",
        "--mode",
        "dense",
        "--json",
      ],
      { RECALL_HOME: home, ...generative },
    );
    expect(result.code, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout) as { recall5: number; queries: number };
    expect(figures.queries).toBeGreaterThan(80);
    expect(figures.recall5).toBeGreaterThanOrEqual(knownRecallFloor);
  });
});
