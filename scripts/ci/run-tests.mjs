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
    testResults = [],
  } = JSON.parse(readFileSync(report, "utf8"));
  // A test file that failed outside its tests (an import error, a failing beforeAll) has no failed test of its own:
  // it counts as one failure, so that the line never reads "0 failed" for a run that failed.
  const brokenFiles = testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((assertion) => assertion.status === "failed"),
  ).length;
  const skipped = numPendingTests + numTodoTests;
  summary = `${numPassedTests} passed, ${numFailedTests + brokenFiles} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}
process.stdout.write(`${summary}\n`);
process.exit(run.status ?? 1);
