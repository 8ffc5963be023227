import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";

/** Whether the process with this id still runs (a builder that crashed leaves its lock behind). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function lockOwner(lock: string): Promise<number | undefined> {
  const text = await readFile(join(lock, "pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The folder `name` in this run's shared fixture folder, built by `build` the first time any test file of the run
 * asks for it. Test files run in several processes at once: one of them builds (into a scratch folder, renamed into
 * place when complete) while the others wait for it, and a build that fails is tried again by the next caller. The
 * folder is a template: copy it before changing anything in it.
 */
export async function builtOnce(name: string, build: (folder: string) => Promise<void>): Promise<string> {
  const root = inject("sharedFixtureFolder");
  if (typeof root !== "string")
    throw new Error("no shared fixture folder: run the tests with vitest.config.ts, whose globalSetup makes one");
  const folder = join(root, name);
  const lock = join(root, `${name}.building`);
  for (;;) {
    if (existsSync(folder)) return folder;
    try {
      await mkdir(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await lockOwner(lock);
      if (owner !== undefined && !isRunning(owner)) await rm(lock, { recursive: true, force: true });
      else await sleep(100);
      continue;
    }
    try {
      await writeFile(join(lock, "pid"), String(process.pid));
      if (existsSync(folder)) return folder;
      const scratch = join(root, `${name}.partial-${process.pid}`);
      await rm(scratch, { recursive: true, force: true });
      await mkdir(scratch);
      try {
        await build(scratch);
        await rename(scratch, folder);
      } catch (error) {
        await rm(scratch, { recursive: true, force: true });
        // Another process took over a lock it thought abandoned and finished first: its copy serves as well.
        if (existsSync(folder)) return folder;
        throw error;
      }
      return folder;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}
