/**
 * `recall serve` in its own process for a hostile-input run: started on a free port of 127.0.0.1, its resident
 * memory read from /proc, its log kept (the 5xx stack traces are there), stopped with SIGTERM.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "../../src/util/project-root.ts";

const recallBin = join(projectRoot, "bin", "recall.js");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `recall` with the given home (and any other arguments) to completion. */
export function runRecall(args: readonly string[], timeoutMs = 600_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [recallBin, ...args],
      {
        cwd: projectRoot,
        env: { ...process.env, RECALL_OFFLINE: "1" },
        maxBuffer: 16 * 1024 * 1024,
        timeout: timeoutMs,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything the server wrote on stdout and stderr so far. */
  log(): string;
  /** Resident and peak resident memory in MiB (VmRSS, VmHWM). */
  memory(): Promise<{ rssMiB: number; peakMiB: number }>;
  alive(): boolean;
  stop(): Promise<number | null>;
}

/** Starts `recall --home HOME [--config FILE] serve --port 0` and waits (up to `timeoutMs`) for "listening on URL". */
export function startRecallServer(
  home: string,
  configFile: string | undefined,
  timeoutMs = 180_000,
): Promise<ServerProcess> {
  const args = [
    recallBin,
    "--home",
    home,
    ...(configFile ? ["--config", configFile] : []),
    "serve",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, RECALL_OFFLINE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exited = false;
  const exit = new Promise<number | null>((done) =>
    child.once("exit", (code) => {
      exited = true;
      done(code);
    }),
  );
  const memory = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, "utf8");
    const field = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+) kB`))?.[1] ?? Number.NaN) / 1024;
    return { rssMiB: field("VmRSS"), peakMiB: field("VmHWM") };
  };
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (!exited) child.kill("SIGKILL");
    }, 10_000);
    const code = await exit;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() =>
        reject(new Error(`recall serve did not say "listening on" in ${timeoutMs} ms:\n${output.slice(-3000)}`)),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.length > 4_000_000) output = output.slice(-2_000_000);
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url !== undefined && child.pid !== undefined) {
        clearTimeout(timer);
        resolve({ url, pid: child.pid, log: () => output, memory, alive: () => !exited, stop });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`recall serve exited with code ${code} before listening:\n${output.slice(-3000)}`));
    });
  });
}
