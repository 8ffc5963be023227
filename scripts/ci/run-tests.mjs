#!/usr/bin/env node
// Runs vitest, then prints the run's real counts from its JSON report as the last line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A report file of this run's own (vitest.config.ts writes it where RECALL_TEST_REPORT says): another run in the same
// checkout cannot overwrite it before it is read.
const reportFolder = mkdtempSync(join(tmpdir(), "recall-test-report-"));
const report = join(reportFolder, "test-report.json");
const run = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, RECALL_TEST_REPORT: report },
});
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
rmSync(reportFolder, { recursive: true, force: true });
process.stdout.write(`${summary}\n`);
process.exit(run.status ?? 1);
