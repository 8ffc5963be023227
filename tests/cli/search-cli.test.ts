import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { runCli } from "../support/run-cli.ts";
import { worldHome } from "../support/world-home.ts";

describe("recall search and recall eval retrieval on the tiny world", () => {
  let world: Awaited<ReturnType<typeof worldHome>>;
  let home: string;
  beforeAll(async () => {
    world = await worldHome();
    home = world.home;
  });
  afterAll(async () => {
    await world.dispose();
  });

  it("finds the document that answers a question", async () => {
    const result = await runCli(
      ["search", "Where was Treisnos Bemtond born?", "--corpus", "world", "--k", "3", "--json"],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { passages: { documentId: string; text: string }[] };
    expect(body.passages).toHaveLength(3);
    expect(body.passages[0]?.documentId).toBe("person-000.md");
  });

  it("reranks and weights hybrid fusion when asked", async () => {
    const result = await runCli(
      [
        "search",
        "Where was Treisnos Bemtond born?",
        "--corpus",
        "world",
        "--weights",
        "0.5,1",
        "--rerank",
        "10",
        "--k",
        "2",
        "--json",
      ],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { passages: { documentId: string; reranked: boolean }[] };
    expect(body.passages.map((passage) => passage.reranked)).toEqual([true, true]);
    expect(body.passages[0]?.documentId).toBe("person-000.md");
  });

  it("rejects malformed weights", async () => {
    const result = await runCli(["search", "x", "--corpus", "world", "--weights", "1"], { RECALL_HOME: home });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('expected two weights from 0 to 100 such as "0.5,1"');
  });

  it("prints a readable list without --json", async () => {
    const result = await runCli(["search", "Teithin Foundry", "--corpus", "world", "--mode", "full-text"], {
      RECALL_HOME: home,
    });
    expect(result.stdout).toMatch(/^1\. \[organisation-\d+\.md#\d+\] Teithin Foundry/m);
  });

  it("measures retrieval on a question file as one JSON object", async () => {
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
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout) as Record<string, number | string>;
    expect(figures).toMatchObject({ format: "world", mode: "dense" });
    expect(figures.queries).toBeGreaterThan(80);
    for (const key of ["ndcg10", "recall10", "recall100", "mrr10"]) expect(typeof figures[key]).toBe("number");
    expect(figures.recall5).toBeGreaterThanOrEqual(0.9);
  });

  it("searches two hops when asked: the page the first round's best passage names comes second", async () => {
    const result = await runCli(
      [
        "search",
        "In which region was Treisnos Bemtond born?",
        "--corpus",
        "world",
        "--k",
        "2",
        "--hops",
        "2",
        "--json",
      ],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { hops: number; searches: number; passages: { documentId: string }[] };
    expect(body.hops).toBe(2);
    expect(body.searches).toBeGreaterThan(1);
    expect(body.passages.map((passage) => passage.documentId)).toEqual(["person-000.md", "place-042.md"]);
  });

  it("measures two-hop retrieval with the searches it made a query, and refuses other hops", async () => {
    const dataset = join(worldFolder, "qa", "known.jsonl");
    const result = await runCli(
      ["eval", "retrieval", "--dataset", dataset, "--corpus", "world", "--mode", "full-text", "--hops", "2", "--json"],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout) as Record<string, number | string>;
    expect(figures).toMatchObject({ format: "world", mode: "full-text", hops: 2 });
    expect(figures.searchesPerQuery).toBeGreaterThan(1);
    const refused = await runCli(["search", "x", "--corpus", "world", "--hops", "3"], { RECALL_HOME: home });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('expected 1 or 2, got "3"');
  });

  it("refuses an empty query, and more passages than /v1/search would return, as the API does", async () => {
    const empty = await runCli(["search", "  ", "--corpus", "world"], { RECALL_HOME: home });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("error [invalid_question]: The query is empty");
    const many = await runCli(["search", "x", "--corpus", "world", "--k", "101"], { RECALL_HOME: home });
    expect(many.code).toBe(1);
    expect(many.stderr).toContain("error [limit_exceeded]: --k 101 is over limits.k (100)");
  });

  it("rejects an unknown mode before doing any work", async () => {
    const result = await runCli(["search", "x", "--corpus", "world", "--mode", "magic"], { RECALL_HOME: home });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("expected one of dense, full-text, hybrid");
  });
});
