import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { runCli } from "../support/run-cli.ts";

/** A corpus of three HotpotQA context paragraphs (Bezouth, Keindraith, Seske), measured against datasets it lacks. */
describe("recall eval retrieval on a corpus without the dataset's documents", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-cli-eval-"));
    const indexed = await runCli(
      ["index", join(projectRoot, "fixtures", "documents", "jsonl", "hotpot.jsonl"), "--corpus", "hotpot"],
      { RECALL_HOME: home },
    );
    if (indexed.code !== 0) throw new Error(`recall index failed: ${indexed.stderr}`);
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("exits 1 and says how to index the documents when the corpus holds none of them", async () => {
    const result = await runCli(
      [
        "eval",
        "retrieval",
        "--dataset",
        join(worldFolder, "qa", "known.jsonl"),
        "--corpus",
        "hotpot",
        "--mode",
        "full-text",
      ],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      'error [dataset_not_indexed]: The dataset judges 26 documents relevant, and corpus "hotpot" holds none of them',
    );
    expect(result.stderr).toContain(`recall index ${join(worldFolder, "corpus")} --corpus hotpot`);
  });

  it("measures, with a warning giving the share found, when the corpus holds only some of them", async () => {
    const dataset = join(home, "questions.jsonl");
    await writeFile(
      dataset,
      `${JSON.stringify({
        id: "q1",
        question: "Which river flows past Bezouth?",
        supporting_facts: { title: ["Keindraith", "Atlantis"] },
      })}\n`,
    );
    const result = await runCli(
      ["eval", "retrieval", "--dataset", dataset, "--corpus", "hotpot", "--mode", "full-text", "--json"],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'warning: corpus "hotpot" holds 1 of the 2 documents the dataset judges relevant (50%)',
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ format: "hotpotqa", queries: 1 });
  });
});
