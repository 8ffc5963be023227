import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

describe("recall experiments", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-experiments-"));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("creates an experiment from a file, lists it, pauses it and reads its results", async () => {
    const file = join(home, "experiment.json");
    await writeFile(
      file,
      JSON.stringify({
        name: "loop-vs-rag",
        variants: [
          { name: "control", strategy: "always-retrieve" },
          { name: "loop", strategy: "recall-then-retrieve", weight: 3 },
        ],
      }),
    );
    const created = await runCli(["experiments", "create", "--file", file], { RECALL_HOME: home });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      "created loop-vs-rag\trunning\tcontrol=always-retrieve (weight 1), loop=recall-then-retrieve (weight 3)",
    );
    const listed = await runCli(["experiments", "list", "--json"], { RECALL_HOME: home });
    expect((JSON.parse(listed.stdout) as { experiments: { name: string }[] }).experiments[0]?.name).toBe("loop-vs-rag");
    const paused = await runCli(["experiments", "pause", "loop-vs-rag"], { RECALL_HOME: home });
    expect(paused.stdout).toContain("loop-vs-rag\tpaused");
    const results = await runCli(["experiments", "results", "loop-vs-rag"], { RECALL_HOME: home });
    expect(results.stdout).toContain("control (always-retrieve): 0 asks");
    expect(results.stdout).toMatch(/verdict: Not enough data yet/);
    const report = await runCli(["experiments", "report", "loop-vs-rag", "--out", join(home, "report.html")], {
      RECALL_HOME: home,
    });
    expect(report.stdout).toContain("wrote");
    expect(await readFile(join(home, "report.html"), "utf8")).toContain("<h1>Experiment loop-vs-rag</h1>");
  });

  it("names what is wrong with a bad definition or a missing experiment", async () => {
    const file = join(home, "bad.json");
    await writeFile(file, JSON.stringify({ name: "bad", variants: [{ name: "only", strategy: "hyde" }] }));
    const bad = await runCli(["experiments", "create", "--file", file], { RECALL_HOME: home });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error [invalid_experiment]: Invalid field "variants"');
    const missing = await runCli(["experiments", "stop", "nope"], { RECALL_HOME: home });
    expect(missing.stderr).toContain("error [experiment_not_found]");
  });

  it("deletes an experiment, which the list then leaves out, and names an unknown one", async () => {
    const file = join(home, "doomed.json");
    await writeFile(
      file,
      JSON.stringify({
        name: "doomed",
        variants: [
          { name: "control", strategy: "always-retrieve" },
          { name: "loop", strategy: "recall-then-retrieve" },
        ],
      }),
    );
    expect((await runCli(["experiments", "create", "--file", file], { RECALL_HOME: home })).code).toBe(0);
    const deleted = await runCli(["experiments", "delete", "doomed"], { RECALL_HOME: home });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe("deleted doomed\n");
    const listed = await runCli(["experiments", "list", "--json"], { RECALL_HOME: home });
    expect(
      (JSON.parse(listed.stdout) as { experiments: { name: string }[] }).experiments.map(
        (experiment) => experiment.name,
      ),
    ).not.toContain("doomed");
    const unknown = await runCli(["experiments", "delete", "doomed"], { RECALL_HOME: home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error [experiment_not_found]");
  });
});
