import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { runCli } from "../support/run-cli.ts";

/** A stack trace's frame line ("    at f (file:line:col)"): never shown for a user's mistake. */
const stackFrame = /^\s+at .+:\d+:\d+\)?$/m;

describe("the recall command, when the user makes a mistake", () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-cli-failures-"));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("lists its exit codes in --help", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Exit codes:");
    for (const code of ["0", "1", "2", "70"]) expect(result.stdout).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, "m"));
  });

  it("names an unreachable PostgreSQL by host, port and database, never its password", async () => {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise((resolve) => closed.close(resolve));

    const result = await runCli(["migrate"], {
      RECALL_HOME: home,
      RECALL_DATABASE_URL: `postgres://recall:hunter2@127.0.0.1:${port}/records`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error [database_unavailable]: Cannot use PostgreSQL at 127.0.0.1:${port}/records`);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it("refuses a database URL that is not PostgreSQL's, naming the setting", async () => {
    const result = await runCli(["migrate"], { RECALL_HOME: home, RECALL_DATABASE_URL: "mysql://db/records" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("database.url");
    expect(result.stderr).toContain("postgres://");
  });

  it("says a port is in use, without a stack trace", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const result = await runCli(["serve", "--port", String(port)], { RECALL_HOME: home });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error [EADDRINUSE]: port ${port}`);
      expect(result.stderr).toContain("--port");
      expect(result.stderr).not.toMatch(stackFrame);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses to serve with a prompt format the model cannot speak, at start", async () => {
    const config = join(home, "chat-format.json");
    await writeFile(config, JSON.stringify({ models: { language: { promptFormat: "chat" } } }));
    const result = await runCli(["--config", config, "serve", "--port", "0"], { RECALL_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [invalid_config]: models.language.promptFormat is "chat"');
    expect(result.stderr).not.toContain("listening on");
  });

  it("indexes nothing, and creates no corpus, when a path does not exist", async () => {
    const missing = join(home, "no-such-folder");
    const result = await runCli(["index", join(worldFolder, "corpus"), missing, "--corpus", "typo"], {
      RECALL_HOME: home,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error [source_not_found]");
    expect(result.stderr).toContain(missing);
    expect(result.stderr).not.toMatch(stackFrame);
    const listed = await runCli(["corpora", "list", "--json"], { RECALL_HOME: home });
    expect(JSON.parse(listed.stdout)).toEqual({ corpora: [] });
  });

  it("refuses an output file whose folder does not exist before doing any work, and names a missing input", async () => {
    const definition = join(home, "experiment.json");
    await writeFile(definition, JSON.stringify({ name: "a", variants: [] }));
    const report = await runCli(["experiments", "report", "a", "--out", join(home, "nowhere", "report.html")], {
      RECALL_HOME: home,
    });
    expect(report.code).toBe(1);
    expect(report.stderr).toContain("error [output_folder_missing]");
    expect(report.stderr).toContain(join(home, "nowhere"));
    expect(report.stderr).not.toMatch(stackFrame);

    const dataset = await runCli(
      ["eval", "ask", "--dataset", join(home, "missing.jsonl"), "--corpus", "world", "--strategies", "closed-book"],
      { RECALL_HOME: home },
    );
    expect(dataset.code).toBe(1);
    expect(dataset.stderr).toContain(`error [ENOENT]: no such file or folder: ${join(home, "missing.jsonl")}`);
    expect(dataset.stderr).not.toMatch(stackFrame);
  });
});
