import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { runCli } from "./run-cli.ts";

/** A fresh data folder with the tiny world indexed as "world" through `recall index`, as the README does it. */
export async function worldHome(): Promise<{ home: string; dispose(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "recall-cli-"));
  const indexed = await runCli(
    ["index", join(worldFolder, "corpus"), "--corpus", "world", "--chunk-size", "48", "--overlap", "8"],
    { RECALL_HOME: home },
  );
  if (indexed.code !== 0) throw new Error(`recall index failed: ${indexed.stderr}`);
  return { home, dispose: () => rm(home, { recursive: true, force: true }) };
}
