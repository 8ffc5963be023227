import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openWorkspace, type Workspace } from "../../src/app/open-workspace.ts";

/** A fresh data folder (SQLite and LanceDB) for one test; `dispose` closes and removes it. */
export async function temporaryWorkspace(): Promise<Workspace & { home: string; dispose(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "recall-test-"));
  const workspace = await openWorkspace({ home });
  return {
    ...workspace,
    home,
    dispose: async () => {
      await workspace.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
