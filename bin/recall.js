#!/usr/bin/env node
// The `recall` command. It runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm test` runs
// first) when that build is newer than every source file; otherwise it runs the TypeScript sources
// through tsx, so that an edited checkout never runs stale code.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const stamp = join(root, "dist", ".build-stamp");

/** The newest modification time of the .ts files under a folder. */
function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

const built = builtAt();
const fresh =
  built > 0 && ["src", "indexers", "retrievers"].every((folder) => newestSource(join(root, folder)) <= built);
if (fresh) {
  await import("../dist/src/cli/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
