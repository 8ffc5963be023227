import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../src/util/project-root.ts";

/** The compiled CLI (bin/recall.js runs dist/ when it is up to date: `npm run build` first). */
const recall = join(projectRoot, "bin", "recall.js");

export interface ServerProcess {
  readonly url: string;
  readonly process: ChildProcess;
}

/** Runs one `recall` command to its end; fails with its last output when it exits with another code than 0. */
export function runRecall(args: readonly string[], environment: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [recall, ...args], {
      env: { ...process.env, ...environment },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`recall ${args.join(" ")} exited ${code}: ${output.slice(-500)}`)),
    );
  });
}

/** Starts `recall serve` on a free port of 127.0.0.1 and resolves once it listens. */
export function serveRecall(
  home: string,
  config: string,
  environment: Record<string, string> = {},
): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [recall, "--home", home, "--config", config, "serve", "--port", "0"], {
      env: { ...process.env, ...environment },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url) resolve({ url, process: child });
    });
    child.once("exit", (code) => reject(new Error(`recall serve exited ${code}: ${output.slice(-500)}`)));
  });
}

/** Stops a server with SIGTERM and waits for it to exit. */
export async function stopServer(server: ServerProcess): Promise<void> {
  const exited = new Promise((resolve) => server.process.once("exit", resolve));
  server.process.kill("SIGTERM");
  await exited;
}

/** The server process's resident memory, in MiB. */
export function residentMiB(server: ServerProcess): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024);
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
