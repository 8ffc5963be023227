#!/usr/bin/env node
// Runs vitest, then prints the run's real counts from its JSON report as the last line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const report = ".cache/test-report.json";
rmSync(report, { force: true });
const run = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], { stdio: "inherit" });
let summary = "0 passed, 0 failed";
if (existsSync(report)) {
  const {
    numPassedTests = 0,
    numFailedTests = 0,
    numPendingTests = 0,
    numTodoTests = 0,
  } = JSON.parse(readFileSync(report, "utf8"));
  const skipped = numPendingTests + numTodoTests;
  summary = `${numPassedTests} passed, ${numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}
process.stdout.write(`${summary}\n`);
process.exit(run.status ?? 1);
