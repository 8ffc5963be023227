import { describe, expect, it } from "vitest";
import { expectedCalibrationError } from "../../src/evaluation/answer-metrics.ts";
import { renderReport } from "../../src/experiments/report/html-report.ts";
import { evaluationReport, experimentReport } from "../../src/experiments/report/report-sources.ts";
import { proportion } from "../../src/statistics/statistics.ts";
import { sixStrategyEvaluation, threeVariantExperiment } from "../support/report-fixtures.ts";

const evaluation = sixStrategyEvaluation();
const evaluationHtml = renderReport(evaluationReport(evaluation, "120 questions; corpus world"));
const experimentHtml = renderReport(experimentReport(threeVariantExperiment()));
const strategies = Object.keys(evaluation.outcomes);

const charts = (html: string): string[] => html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
const chartLabelled = (html: string, label: string): string => {
  const chart = charts(html).find((svg) => svg.includes(`aria-label="${label}"`));
  if (!chart) throw new Error(`no chart labelled "${label}"`);
  return chart;
};
const cellsOf = (row: string): string[] =>
  [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => (cell[1] ?? "").replace(/<[^>]+>/g, ""));
const textsOf = (svg: string): string[] =>
  [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? "");

describe("the HTML report", () => {
  it("is one self-contained file: no script, nothing fetched from anywhere", () => {
    for (const html of [evaluationHtml, experimentHtml]) {
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    }
  });

  it("draws each metric per variant with its interval on the metric's whole range, ticks 0 to 1", () => {
    const exactMatch = chartLabelled(evaluationHtml, "Exact match (answerable questions) per variant");
    expect(textsOf(exactMatch)).toEqual(expect.arrayContaining([...strategies, "0", "0.25", "0.5", "0.75", "1"]));
    const rows = evaluation.outcomes["closed-book"]?.filter((row) => row.answerable) ?? [];
    const closedBook = proportion(rows.filter((row) => row.answeredCorrectly).length, rows.length);
    expect(textsOf(exactMatch)).toContain(
      `${closedBook.estimate.toFixed(3)} [${closedBook.low.toFixed(3)}, ${closedBook.high.toFixed(3)}]`,
    );
  });

  it("clips an interval that runs past its metric's range (a feedback mean's high of 1.02 is drawn and written as 1)", () => {
    const feedback = chartLabelled(experimentHtml, "Feedback score per variant");
    expect(textsOf(feedback)).toContain("0.975 [0.930, 1.000]");
    expect(experimentHtml).not.toContain("1.020");
    const plotRight = Math.max(...[...feedback.matchAll(/<line x1="([\d.]+)"/g)].map((match) => Number(match[1])));
    const intervalEnds = [...feedback.matchAll(/x2="([\d.]+)"[^>]*stroke-width="4"/g)].map((match) => Number(match[1]));
    expect(intervalEnds).toHaveLength(3);
    for (const end of intervalEnds) expect(end).toBeLessThanOrEqual(plotRight);
  });

  it("gives each strategy its own reliability diagram: ticks, axis labels, the diagonal, answers per bin, ECE in its title", () => {
    const panels = evaluationHtml.match(/<figure>[\s\S]*?<\/figure>/g) ?? [];
    expect(panels).toHaveLength(strategies.length);
    strategies.forEach((strategy, index) => {
      const panel = panels[index] ?? "";
      const rows = evaluation.outcomes[strategy] ?? [];
      const ece = expectedCalibrationError(
        rows.map((row) => row.confidence),
        rows.map((row) => row.guessCorrect),
      );
      const caption = panel.match(/<figcaption>(.*)<\/figcaption>/)?.[1]?.replace(/<[^>]+>/g, " ") ?? "";
      expect(caption.replace(/\s+/g, " ").trim()).toBe(`${strategy} ECE ${ece.toFixed(3)} · ${rows.length} answers`);
      const texts = textsOf(panel);
      expect(texts).toEqual(expect.arrayContaining(["0", "0.25", "0.5", "0.75", "1", "confidence", "share right"]));
      const counts = texts.slice(texts.indexOf("answers per bin") + 1).map(Number);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(rows.length);
      expect(panel).toContain('stroke-dasharray="4 4"><title>perfect calibration</title>');
    });
  });

  it("writes every figure in a table with a caption and headers: one row per figure and variant, with its answers", () => {
    const table = evaluationHtml.match(/<table[\s\S]*<\/table>/)?.[0] ?? "";
    expect(table).toContain("<caption>Every figure in the charts");
    expect(table.match(/<th scope="col">/g)).toHaveLength(3);
    const figuresPerVariant = 3 + 3;
    expect(table.match(/<th scope="rowgroup"/g)).toHaveLength(figuresPerVariant);
    expect(table.match(/<th scope="row">/g)).toHaveLength(figuresPerVariant * strategies.length);
    const rows = [...table.matchAll(/<tr><th scope="row">.*?<\/tr>/g)].map((row) => cellsOf(row[0]));
    const answerable = evaluation.outcomes["closed-book"]?.filter((row) => row.answerable) ?? [];
    const exactMatch = proportion(answerable.filter((row) => row.answeredCorrectly).length, answerable.length);
    expect(rows[0]).toEqual([
      "closed-book",
      `${exactMatch.estimate.toFixed(3)} [${exactMatch.low.toFixed(3)}, ${exactMatch.high.toFixed(3)}]`,
      String(answerable.length),
    ]);
    expect(rows.at(-2)?.[1]).toMatch(/^0: 0 \(0%\); 1: 0 \(0%\); 2: \d+ \(\d+%\); 3\+: \d+ \(\d+%\); mean 3\.\d\d$/);
  });

  it("states the paired comparisons and the experiment's verdict", () => {
    expect(evaluationHtml).toMatch(/recall-then-retrieve vs closed-book: exact match \+0\.\d{3} \(95% CI/);
    expect(experimentHtml).toContain("treatment is better than control on correctness");
    expect(experimentHtml).toContain("treatment-strict-threshold (recall-then-retrieve)");
  });
});
