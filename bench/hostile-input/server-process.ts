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

/** What the server's log said: its error lines, and the statuses of its request log ("msg":"request" lines). */
export interface ServerLog {
  /** Lines logged at level error or fatal (JSON lines), or starting "error:" (the CLI's text lines); at most 2,000. */
  readonly errorLines: string[];
  /** Status → count, from the request log, where the server has one. */
  readonly statuses: Record<string, number>;
  /** The last 200 KB of output. */
  readonly tail: string;
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  log(): ServerLog;
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
  let partial = "";
  const errorLines: string[] = [];
  const statuses: Record<string, number> = {};
  const readLine = (line: string) => {
    if (line.startsWith("error: ")) {
      if (errorLines.length < 2000) errorLines.push(line);
      return;
    }
    if (!line.startsWith("{")) return;
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; status?: unknown };
      if ((entry.level === "error" || entry.level === "fatal") && errorLines.length < 2000) errorLines.push(line);
      if (entry.msg === "request" && typeof entry.status === "number")
        statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
    } catch {
      // Not a JSON line after all.
    }
  };
  let exited = false;
  // Never leave the server behind, even when this process ends by an uncaught error.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exit = new Promise<number | null>((done) =>
    child.once("exit", (code) => {
      exited = true;
      process.off("exit", killOnExit);
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
      const text = chunk.toString("utf8");
      output += text;
      if (output.length > 400_000) output = output.slice(-200_000);
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) readLine(line);
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url !== undefined && child.pid !== undefined) {
        clearTimeout(timer);
        const log = () => ({ errorLines, statuses, tail: output });
        resolve({ url, pid: child.pid, log, memory, alive: () => !exited, stop });
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
