import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder for the fixtures that test files share in this run (see built-once.ts); removed when the run ends. */
    sharedFixtureFolder: string;
  }
}

/**
 * Vitest's global setup: makes one temporary folder per run for the heavy fixtures that many test files need (the
 * tiny world indexed, for one), so that they are built once and copied, never rebuilt by each file. In watch mode the
 * folder is emptied before each rerun, so that a fixture never outlives the code that built it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let folder = await mkdtemp(join(tmpdir(), "recall-shared-fixtures-"));
  project.provide("sharedFixtureFolder", folder);
  project.onTestsRerun(async () => {
    await rm(folder, { recursive: true, force: true });
    folder = await mkdtemp(join(tmpdir(), "recall-shared-fixtures-"));
    project.provide("sharedFixtureFolder", folder);
  });
  return async () => {
    await rm(folder, { recursive: true, force: true });
  };
}
