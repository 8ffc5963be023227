import { execFile } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../src/util/project-root.ts";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `recall` command (bin/recall.js) in a child process. */
export function runCli(
  args: readonly string[],
  environment: Record<string, string> = {},
  cwd = projectRoot,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(projectRoot, "bin", "recall.js"), ...args],
      { cwd, env: { ...process.env, ...environment }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
