import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openWorkspace, type Workspace } from "../../src/app/open-workspace.ts";

/**
 * A fresh data folder (SQLite and LanceDB) for one test; `dispose` closes and removes it. With `copyOf`, the folder
 * starts as a copy of that one (a closed workspace, such as a template from built-once.ts).
 */
export async function temporaryWorkspace(
  options: { copyOf?: string } = {},
): Promise<Workspace & { home: string; dispose(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "recall-test-"));
  try {
    if (options.copyOf !== undefined) await cp(options.copyOf, home, { recursive: true });
    const workspace = await openWorkspace({ home });
    return {
      ...workspace,
      home,
      dispose: async () => {
        await workspace.close();
        await rm(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}
