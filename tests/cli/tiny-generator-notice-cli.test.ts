import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { type CliResult, runCli } from "../support/run-cli.ts";
import { stories260KFolder } from "../support/shared-models.ts";

const notice = /bundled tiny generator/;

describe("recall index and recall ask say when the bundled tiny generator is asked about another corpus", () => {
  let home: string;
  let indexedNotes: CliResult;
  let indexedWorld: CliResult;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-cli-"));
    indexedNotes = await runCli(["index", join(projectRoot, "fixtures", "documents", "corpus"), "--corpus", "notes"], {
      RECALL_HOME: home,
    });
    // A few of the world's documents are enough for a corpus to be the tiny world.
    indexedWorld = await runCli(
      ["index", join(worldFolder, "corpus"), "--include", "person-00*.md", "--corpus", "world"],
      { RECALL_HOME: home },
    );
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("recall index says so after indexing another corpus, and not after indexing the tiny world", () => {
    expect(indexedNotes.code, indexedNotes.stderr).toBe(0);
    expect(indexedNotes.stderr).toContain('Corpus "notes" is not that world');
    expect(indexedNotes.stderr).toContain("RECALL_LANGUAGE_MODEL=onnx-community/Qwen2.5-0.5B-Instruct");
    expect(indexedNotes.stderr).toContain('"Using a real model"');
    expect(indexedWorld.code, indexedWorld.stderr).toBe(0);
    expect(indexedWorld.stderr).not.toMatch(notice);
  });

  it("recall ask about another corpus says so on standard error, and standard output stays JSON", async () => {
    const result = await runCli(["ask", "When was the harbour of Bezouth rebuilt?", "--corpus", "notes", "--json"], {
      RECALL_HOME: home,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("answer");
    expect(result.stderr).toMatch(notice);
    expect(result.stderr).toContain('Corpus "notes" is not that world');
  });

  it("recall ask about the tiny world says nothing of it", async () => {
    const result = await runCli(["ask", "Where was Treisnos Bemtond born?", "--corpus", "world"], {
      RECALL_HOME: home,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(notice);
  });

  // stories260K is a real pretrained model kept beside the repository (../shared/models), not in it.
  it.skipIf(!existsSync(stories260KFolder))("says nothing of it when a real language model is configured", async () => {
    const result = await runCli(["ask", "When was the harbour of Bezouth rebuilt?", "--corpus", "notes"], {
      RECALL_HOME: home,
      RECALL_LANGUAGE_MODEL: stories260KFolder,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(notice);
  });
});
