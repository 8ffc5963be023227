import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AskOutcome, pairedComparisons } from "../../src/evaluation/evaluate-ask.ts";
import { renderReport } from "../../src/experiments/report/html-report.ts";
import { evaluationReport } from "../../src/experiments/report/report-sources.ts";

const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));

function outcomes(right: number, total: number): AskOutcome[] {
  return Array.from({ length: total }, (_, index) => ({
    questionId: `q${index}`,
    answerable: index < total - 5,
    answeredCorrectly: index < right,
    guessCorrect: index < right,
    f1: index < right ? 1 : 0,
    confidence: index < right ? 0.8 + (index % 3) / 10 : 0.2,
    abstained: index >= total - 5,
    retrievals: index % 3,
    tokens: 100,
    latencyMs: 10 + index,
    signals: undefined,
  }));
}

describe("the HTML report", () => {
  let folder: string;
  let html: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-report-"));
    const byStrategy = { "always-retrieve": outcomes(18, 40), "recall-then-retrieve": outcomes(24, 40) };
    html = renderReport(
      evaluationReport(
        { strategies: {}, comparisons: pairedComparisons(byStrategy), outcomes: byStrategy },
        "40 questions; corpus world",
      ),
    );
    await writeFile(join(folder, "report.html"), html);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("is one self-contained file: no script, nothing fetched from anywhere", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
  });

  it("draws each metric with its interval, the reliability diagram, latency and retrievals", () => {
    expect(html.match(/<svg /g)).toHaveLength(6);
    expect(html).toContain("Exact match (answerable questions)");
    expect(html).toContain("reliability diagram");
    expect(html).toContain("latency per variant");
    expect(html).toContain("retrievals per answer");
    expect(html).toContain("recall-then-retrieve vs always-retrieve: exact match +0.171");
  });

  it.runIf(chromium)("renders in headless Chromium to a screenshot", async () => {
    const screenshot = join(folder, "report.png");
    execFileSync(
      chromium as string,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=1200,1400",
        `--screenshot=${screenshot}`,
        `file://${join(folder, "report.html")}`,
      ],
      { stdio: "ignore", timeout: 60_000 },
    );
    const png = await readFile(screenshot);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.length).toBeGreaterThan(30_000);
  });
});
