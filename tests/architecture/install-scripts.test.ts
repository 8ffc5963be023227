import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/util/project-root.ts";

const run = promisify(execFile);

/**
 * `.npmrc` turns dependencies' install scripts off: onnxruntime-node's would download CUDA libraries from NuGet
 * (offline it fails `npm ci`; Recall runs ONNX on the CPU, whose libraries ship in the package). Every package in
 * the lock file that has an install script is listed here with what skipping it costs; a new one fails this test
 * until someone has checked that it works without its script.
 */
const skippedInstallScripts: Record<string, string> = {
  "onnxruntime-node": "downloads the CUDA execution provider; the CPU libraries ship in the package",
  esbuild: "checks and links the platform binary, which the JavaScript API also finds without it",
  sharp: "checks for a prebuilt binary (ships as an optional @img package) and otherwise builds from source",
  protobufjs: "prints a notice about its command-line tools",
};

async function lockedPackagesWithInstallScripts(): Promise<string[]> {
  const lock = JSON.parse(await readFile(join(projectRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  const names = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  return [...new Set(names)].sort();
}

describe("installing", () => {
  it("runs no dependency's install script", async () => {
    const npmrc = await readFile(join(projectRoot, ".npmrc"), "utf8");
    expect(npmrc.split("\n")).toContain("ignore-scripts=true");
  });

  it("knows what skipping each locked install script costs", async () => {
    expect(await lockedPackagesWithInstallScripts()).toEqual(Object.keys(skippedInstallScripts).sort());
  });

  it("leaves npm nothing to warn about in .npmrc (npm prints such warnings on every command)", async () => {
    const { stdout, stderr } = await run("npm", ["config", "get", "ignore-scripts"], { cwd: projectRoot });
    expect(stdout.trim()).toBe("true");
    expect(stderr).toBe("");
  });
});
