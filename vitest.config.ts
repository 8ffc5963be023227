import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // One folder per run for fixtures that many files share (the indexed tiny world): built once, then copied.
    globalSetup: ["tests/support/shared-fixture-folder.ts"],
    // Timeouts only end a test that hangs: generous, so that a busy machine (the CLI tests start many processes)
    // never fails a test that would pass on an idle one.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    // Each worker process runs its test files one after another without reloading the modules they share
    // (@huggingface/transformers alone takes a second or more to import, and a hundred files import it). Test files
    // therefore must not change module state, globals or process.env, nor mock modules: each builds what it uses.
    isolate: false,
    // scripts/ci/run-tests.mjs names a report file of its own, so that runs at once in one checkout keep theirs apart.
    reporters: ["default", ["json", { outputFile: process.env.RECALL_TEST_REPORT ?? ".cache/test-report.json" }]],
  },
});
