import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { runCli } from "../support/run-cli.ts";
import { worldHome } from "../support/world-home.ts";

describe("recall ask and recall eval ask on the tiny world", () => {
  let world: Awaited<ReturnType<typeof worldHome>>;
  let home: string;
  beforeAll(async () => {
    world = await worldHome();
    home = world.home;
  });
  afterAll(async () => {
    await world.dispose();
  });

  it("prints the answer with its confidence and cost, and with --trace the steps and decisions", async () => {
    const result = await runCli(["ask", "Where was Treisnos Bemtond born?", "--corpus", "world", "--trace"], {
      RECALL_HOME: home,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^recall: Where was Treisnos Bemtond born\?/);
    expect(result.stdout).toMatch(/^step 1: \d+ candidate\(s\)/m);
    expect(result.stdout).toMatch(/^ {2}-> (accept|retrieve)/m);
    expect(result.stdout).toMatch(/^confidence [01]\.\d\d · recall-then-retrieve · \d+ retrieval\(s\)/m);
  });

  it("answers as JSON with the strategy and parameters asked for", async () => {
    const result = await runCli(
      [
        "ask",
        "Where was Treisnos Bemtond born?",
        "--corpus",
        "world",
        "--strategy",
        "ircot",
        "--params",
        '{"maxSteps": 1}',
        "--json",
      ],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { strategy: string; parameters: { maxSteps: number }; trace?: unknown };
    expect(body.strategy).toBe("ircot");
    expect(body.parameters.maxSteps).toBe(1);
    expect(body.trace).toBeUndefined();
  });

  it("says on standard error that a question asked without a corpus was answered from memory alone", async () => {
    const result = await runCli(["ask", "Where was Treisnos Bemtond born?", "--strategy", "closed-book", "--json"], {
      RECALL_HOME: home,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ strategy: "closed-book", corpus: null });
    expect(result.stderr).toContain("Answered from memory alone: no --corpus was given");
    const withCorpus = await runCli(["ask", "Where was Treisnos Bemtond born?", "--corpus", "world", "--json"], {
      RECALL_HOME: home,
    });
    expect(withCorpus.stderr).not.toContain("from memory alone");
  });

  it("lists every route in recall serve --help", async () => {
    const result = await runCli(["serve", "--help"]);
    expect(result.code).toBe(0);
    for (const route of [
      "POST   /v1/ask",
      "POST   /v1/search",
      "POST   /v1/feedback",
      "GET    /v1/asks, /v1/asks/{id}",
      "GET    /v1/strategies",
      "GET    /                                       the web console",
      "GET    /v1/corpora/{name}/documents",
      "GET    /v1/corpora/{name}/failures",
      "POST   /v1/corpora/{name}/documents",
      "DELETE /v1/corpora/{name}/documents/{id}",
      "/v1/jobs/{id}/events",
      "DELETE /v1/experiments/{name}",
      "GET    /v1/models",
      "/v1/chat/completions",
      "POST   /v1/embeddings",
      "GET    /healthz",
      "GET    /metrics",
    ])
      expect(result.stdout).toContain(route);
  });

  it("prints its version", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("names a bad parameter and what is allowed", async () => {
    const result = await runCli(["ask", "x", "--strategy", "flare", "--params", '{"maxSteps": 0}'], {
      RECALL_HOME: home,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error [invalid_strategy_parameters]: Invalid parameter "maxSteps" for strategy flare',
    );
  });

  it("refuses an empty question, one over the question limit and more samples than the limit, as /v1/ask does", async () => {
    const empty = await runCli(["ask", "   "], { RECALL_HOME: home });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("error [invalid_question]: The question is empty");
    const long = await runCli(["ask", "why ".repeat(1001)], { RECALL_HOME: home });
    expect(long.code).toBe(1);
    expect(long.stderr).toContain("limits.questionChars (4000 characters)");
    const samples = await runCli(["ask", "x", "--params", '{"samples": 17}'], { RECALL_HOME: home });
    expect(samples.code).toBe(1);
    expect(samples.stderr).toContain("error [limit_exceeded]: --params samples 17 is over limits.samples (16)");
  });

  it("compares strategies on a question set as one JSON object with the documented keys", async () => {
    const result = await runCli(
      [
        "eval",
        "ask",
        "--dataset",
        join(worldFolder, "qa", "known.jsonl"),
        join(worldFolder, "qa", "absent.jsonl"),
        "--split",
        "test",
        "--limit",
        "3",
        "--corpus",
        "world",
        "--strategies",
        "closed-book,always-retrieve",
        "--report",
        join(home, "report.html"),
        "--json",
      ],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      questions: number;
      strategies: Record<string, Record<string, unknown>>;
    };
    expect(report.questions).toBe(6);
    expect(Object.keys(report.strategies)).toEqual(["closed-book", "always-retrieve"]);
    for (const figures of Object.values(report.strategies)) {
      expect(Object.keys(figures)).toEqual(
        expect.arrayContaining([
          "exactMatch",
          "f1",
          "retrievalsPerQuestion",
          "tokensPerQuestion",
          "latencyP50Ms",
          "ece",
          "auroc",
          "accuracyAt80Coverage",
          "abstainRateUnanswerable",
          "answerRateAnswerable",
        ]),
      );
    }
    const paired = (
      report as unknown as {
        comparisons: Record<string, { against: string; exactMatch: { estimate: number }; mcnemar: { pValue: number } }>;
      }
    ).comparisons;
    expect(Object.keys(paired)).toEqual(["always-retrieve"]);
    expect(paired["always-retrieve"]?.against).toBe("closed-book");
    expect(paired["always-retrieve"]?.mcnemar.pValue).toBeGreaterThan(0);
    expect(report.strategies["closed-book"]?.retrievalsPerQuestion).toBe(0);
    const html = await readFile(join(home, "report.html"), "utf8");
    expect(html).toContain("<h1>Recall strategies compared</h1>");
    expect(html).toContain("always-retrieve vs closed-book: exact match");
    expect(report.strategies["always-retrieve"]?.retrievalsPerQuestion).toBe(1);
  });
});
