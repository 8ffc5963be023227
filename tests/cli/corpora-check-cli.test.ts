import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChunkStore } from "../../src/store/chunk-table.ts";
import { sqlString } from "../../src/store/sql-literal.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { runCli } from "../support/run-cli.ts";

const documents = join(projectRoot, "fixtures", "documents", "corpus");

describe("recall corpora check", () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-cli-check-"));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const recall = (...args: string[]) => runCli(args, { RECALL_HOME: home });

  it("exits 0 on a healthy corpus, 1 on a damaged one with what --repair would do, and 0 once repaired", async () => {
    expect((await recall("index", documents, "--corpus", "docs")).code).toBe(0);
    const healthy = await recall("corpora", "check", "docs", "--json");
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(JSON.parse(healthy.stdout)).toMatchObject({ corpus: "docs", healthy: true, repaired: null, after: null });

    const store = await ChunkStore.open(join(home, "lancedb"));
    try {
      const table = await store.existingTable("docs-1");
      if (!table) throw new Error("no table docs-1");
      await table.table.add(
        await table.table
          .query()
          .where(`document_id = ${sqlString("notes/market.txt")}`)
          .toArrow(),
      );
    } finally {
      store.close();
    }

    const damaged = await recall("corpora", "check", "docs");
    expect(damaged.code, damaged.stderr).toBe(1);
    expect(damaged.stdout).toContain("corpus docs: problems found (duplicated chunks)");
    expect(damaged.stdout).toMatch(/duplicated chunks +\d+ chunk ids? on more than one row/);
    expect(damaged.stdout).toMatch(/`recall corpora check docs --repair` would remove \d+ surplus rows?/);

    const repaired = await recall("corpora", "check", "docs", "--repair");
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toContain("corpus docs: repaired");
    expect(repaired.stdout).toContain("corpus docs: healthy");

    const again = await recall("corpora", "check", "docs", "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ healthy: true, found: { repairPlan: { surplusRows: 0 } } });
  });

  it("names an unknown corpus and exits 1", async () => {
    const missing = await recall("corpora", "check", "nowhere");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error \[corpus_not_found\]/);
  });
});
