import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hotpotDevSample,
  hotpotReleasedRecords,
  musiqueRecords,
  writeJsonArray,
  writeJsonLines,
} from "../support/multi-hop-samples.ts";
import { runCli } from "../support/run-cli.ts";

/** A stack trace's frame line ("    at f (file:line:col)"): never shown for a user's mistake. */
const stackFrame = /^\s+at .+:\d+:\d+\)?$/m;

const figures = ["ndcg10", "recall2", "recall5", "recall10", "recall100", "mrr10", "queries"] as const;
type Figures = Record<(typeof figures)[number], number> & { format: string };

/** Multi-hop question files as published, indexed with `recall index` and measured with `recall eval retrieval`. */
describe("recall index and recall eval retrieval on multi-hop files as published", () => {
  let home: string;
  let musique: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-cli-multi-hop-"));
    musique = await writeJsonLines(home, "musique_ans_v1.0_dev.jsonl", musiqueRecords);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const evaluate = async (dataset: string, corpus: string): Promise<Figures> => {
    const result = await runCli(
      ["eval", "retrieval", "--dataset", dataset, "--corpus", corpus, "--mode", "full-text", "--json"],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Figures;
  };

  it("indexes MuSiQue's distinct paragraphs and finds each question's supporting ones first", async () => {
    const indexed = await runCli(["index", musique, "--corpus", "musique", "--json"], { RECALL_HOME: home });
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(JSON.parse(indexed.stdout)).toMatchObject({ documents: 5, failed: 0 });
    const measured = await evaluate(musique, "musique");
    expect(measured).toMatchObject({ format: "musique", queries: 2, recall2: 1, recall5: 1 });
  });

  it.skipIf(!existsSync(hotpotDevSample))(
    "indexes HotpotQA's released JSON array and ranks the supporting paragraphs high",
    async () => {
      const dataset = await writeJsonArray(home, "hotpot_dev_distractor_v1.json", await hotpotReleasedRecords(5));
      const indexed = await runCli(["index", dataset, "--corpus", "hotpot", "--json"], { RECALL_HOME: home });
      expect(indexed.code, indexed.stderr).toBe(0);
      expect(JSON.parse(indexed.stdout)).toMatchObject({ documents: 50, failed: 0 });
      const measured = await evaluate(dataset, "hotpot");
      expect(measured).toMatchObject({ format: "hotpotqa", queries: 5 });
      expect(measured.recall10).toBeGreaterThanOrEqual(0.8);
    },
  );

  it("refuses a question set without relevance judgements, saying so, without a stack trace", async () => {
    const popQa = await writeJsonArray(home, "popqa.json", [
      { id: 4222362, question: "What is George Rankin's occupation?", possible_answers: '["politician"]' },
    ]);
    const result = await runCli(["eval", "retrieval", "--dataset", popQa, "--corpus", "musique"], {
      RECALL_HOME: home,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error [invalid_dataset]:");
    expect(result.stderr).toContain("holds 1 question and no relevance judgements");
    expect(result.stderr).not.toMatch(stackFrame);
  });
});
