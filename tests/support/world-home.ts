import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { builtOnce } from "./built-once.ts";
import { runCli } from "./run-cli.ts";

/**
 * A fresh data folder with the tiny world indexed as "world" through `recall index`, as the README does it. The
 * command runs once per test run; each caller gets its own copy of the folder it made.
 */
export async function worldHome(): Promise<{ home: string; dispose(): Promise<void> }> {
  const template = await builtOnce("world-home", async (folder) => {
    const indexed = await runCli(
      ["index", join(worldFolder, "corpus"), "--corpus", "world", "--chunk-size", "48", "--overlap", "8"],
      { RECALL_HOME: folder },
    );
    if (indexed.code !== 0) throw new Error(`recall index failed: ${indexed.stderr}`);
  });
  const home = await mkdtemp(join(tmpdir(), "recall-cli-"));
  await cp(template, home, { recursive: true });
  return { home, dispose: () => rm(home, { recursive: true, force: true }) };
}
