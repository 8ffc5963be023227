import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { ChunkStore } from "../../src/store/chunk-table.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { runCli } from "../support/run-cli.ts";

const documents = join(projectRoot, "fixtures", "documents");

describe("recall index and recall corpora", () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-cli-home-"));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("indexes, reports a JSON summary, and exits 2 when some documents could not be indexed", async () => {
    const result = await runCli(
      ["index", join(documents, "corpus"), join(documents, "bad"), "--corpus", "docs", "--json"],
      { RECALL_HOME: home },
    );
    expect(result.code, result.stderr).toBe(2);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ documents: 6, skipped: 0, failed: 12 });
    for (const key of ["chunks", "embedded", "seconds"]) expect(typeof summary[key]).toBe("number");
    expect(result.stderr).toContain("skipped");
    expect(result.stderr).toContain("binary.txt");

    const again = await runCli(["index", join(documents, "corpus"), "--corpus", "docs", "--json"], {
      RECALL_HOME: home,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ documents: 4, skipped: 4, embedded: 0 });
  });

  it("lists, shows and deletes corpora", async () => {
    await runCli(["index", join(documents, "corpus"), "--corpus", "docs"], { RECALL_HOME: home });
    const list = JSON.parse((await runCli(["corpora", "list", "--json"], { RECALL_HOME: home })).stdout) as {
      corpora: { name: string }[];
    };
    expect(list.corpora.map((corpus) => corpus.name)).toEqual(["docs"]);
    const show = JSON.parse(
      (await runCli(["corpora", "show", "docs", "--json"], { RECALL_HOME: home })).stdout,
    ) as Record<string, unknown>;
    expect(show).toMatchObject({
      name: "docs",
      documents: 4,
      dimensions: 128,
      model: expect.stringMatching(/^tiny-encoder@/),
    });
    expect(show.chunks).toBe(show.rows);
    expect((await runCli(["corpora", "delete", "docs"], { RECALL_HOME: home })).code).toBe(0);
    const missing = await runCli(["corpora", "show", "docs"], { RECALL_HOME: home });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error \[corpus_not_found\]: There is no corpus named "docs"/);
  });

  it("finishes after being killed with SIGKILL mid-run, ending with the same rows as a clean run", async () => {
    const args = [
      "index",
      join(worldFolder, "corpus"),
      "--corpus",
      "world",
      "--chunk-size",
      "48",
      "--overlap",
      "8",
      "--batch-size",
      "2",
      "--write-batch-size",
      "2",
    ];
    const child = spawn(process.execPath, [join(projectRoot, "bin", "recall.js"), ...args], {
      env: { ...process.env, RECALL_HOME: home },
      stdio: "ignore",
    });
    let running = true;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => {
        running = false;
        resolve(signal);
      }),
    );
    const data = join(home, "lancedb", "world-1.lance", "data");
    // Killed once it has written a few batches, however long the command takes to start on a busy machine.
    for (const deadline = Date.now() + 60_000; running && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (existsSync(data) && readdirSync(data).length >= 3) break;
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const database = createClient({ url: `file:${join(home, "recall.db")}` });
    const result = await database.execute("select count(*) as n from documents where status = 'indexed'");
    database.close();
    const indexed = Number(result.rows[0]?.n ?? 0);
    expect(indexed).toBeLessThan(300);

    const resumed = await runCli([...args, "--json"], { RECALL_HOME: home });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ documents: 300, failed: 0 });
    expect((JSON.parse(resumed.stdout) as { skipped: number }).skipped).toBe(indexed);

    const cleanHome = await mkdtemp(join(tmpdir(), "recall-cli-clean-"));
    try {
      expect((await runCli(args, { RECALL_HOME: cleanHome })).code).toBe(0);
      const resumedStore = await ChunkStore.open(join(home, "lancedb"));
      const cleanStore = await ChunkStore.open(join(cleanHome, "lancedb"));
      const resumedIds = await (await resumedStore.table("world-1", 128)).ids();
      const cleanIds = await (await cleanStore.table("world-1", 128)).ids();
      expect(resumedIds).toHaveLength(cleanIds.length);
      expect(resumedIds).toEqual(cleanIds);
      resumedStore.close();
      cleanStore.close();
    } finally {
      await rm(cleanHome, { recursive: true, force: true });
    }
  });
});
