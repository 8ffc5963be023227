import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/util/project-root.ts";

const run = promisify(execFile);
const depcruise = join(projectRoot, "node_modules", ".bin", "depcruise");
const config = join(projectRoot, ".dependency-cruiser.cjs");

/** Runs the boundary check (the one `npm test` runs) in a folder; resolves with its exit code and output. */
async function check(folder: string, paths: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ["--config", config, ...paths], { cwd: folder });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A throwaway tree of TypeScript files laid out like the project's. */
async function tree(files: Record<string, string>): Promise<string> {
  scratch = await mkdtemp(join(tmpdir(), "recall-boundaries-"));
  await writeFile(
    join(scratch, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    await writeFile(join(scratch, path), text);
  }
  return scratch;
}

describe("the layer boundaries", () => {
  it("hold for the project's own sources", async () => {
    const result = await check(projectRoot, ["src", "indexers", "retrievers", "console/src"]);
    expect(result.output).toContain("no dependency violations found");
    expect(result.code).toBe(0);
  }, 60_000);

  it("fail on a lower layer that imports a higher one", async () => {
    const folder = await tree({
      "src/models/model.ts": 'import { open } from "../app/recall.ts";\nexport const model = open;\n',
      "src/app/recall.ts": "export const open = 1;\n",
    });
    const result = await check(folder, ["src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("no-upward-import-from-src-models");
  }, 60_000);

  it("fail on indexers and retrievers importing each other", async () => {
    const folder = await tree({
      "retrievers/search.ts": 'import { write } from "../indexers/write.ts";\nexport const search = write;\n',
      "indexers/write.ts": "export const write = 1;\n",
    });
    const result = await check(folder, ["indexers", "retrievers"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("no-peer-import-from-retrievers");
  }, 60_000);

  it("fail on a route that reaches the SQL records without the application", async () => {
    const folder = await tree({
      "src/server/routes/route.ts": 'import { find } from "../../db/records.ts";\nexport const route = find;\n',
      "src/db/records.ts": "export const find = 1;\n",
    });
    const result = await check(folder, ["src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("server-through-app");
  }, 60_000);

  it("fail on the console importing the server's code rather than its types", async () => {
    const folder = await tree({
      "console/src/view.tsx":
        'import { ask } from "../../src/app/ask.ts";\nimport type { Answer } from "../../src/app/ask.ts";\nexport const view: Answer = ask;\n',
      "src/app/ask.ts": "export const ask = 1;\nexport type Answer = number;\n",
    });
    const result = await check(folder, ["console", "src"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("console-over-http");
    expect(result.output.match(/console-over-http/g)).toHaveLength(1);
  }, 60_000);
});
