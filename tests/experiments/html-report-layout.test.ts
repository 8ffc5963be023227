import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/experiments/report/html-report.ts";
import { evaluationReport, experimentReport } from "../../src/experiments/report/report-sources.ts";
import { artifactFolder, chromiumPath, launchChromium, withoutChromium } from "../support/chromium.ts";
import { layoutProblems, measureLayout } from "../support/rendered-layout.ts";
import { sixStrategyEvaluation, threeVariantExperiment } from "../support/report-fixtures.ts";

const reports = {
  "six-strategy evaluation": evaluationReport(sixStrategyEvaluation(), "120 questions; corpus world"),
  "three-variant experiment": experimentReport(threeVariantExperiment()),
};
/** Besides the headline metrics, each variant has a row for its reliability, its latency and its retrievals. */
const figuresBesideMetrics = 3;
const fileName = (report: string) => report.replace(/\W+/g, "-");
const screens = { laptop: 1280, phone: 390 };

describe.runIf(chromiumPath)(`the HTML report in Chromium${withoutChromium}`, () => {
  let browser: Browser;
  let page: Page;
  /** Kept after the run: each report, and a screenshot of it at each width. */
  let artifacts: string;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    artifacts = await artifactFolder("html-report");
    for (const [report, data] of Object.entries(reports))
      await writeFile(join(artifacts, `${fileName(report)}.html`), renderReport(data));
  });
  afterAll(async () => {
    await browser?.close();
    // biome-ignore lint/suspicious/noConsole: says where the screenshots are kept
    console.info(`report screenshots: ${artifacts}`);
  });

  for (const [report, data] of Object.entries(reports)) {
    for (const [screen, width] of Object.entries(screens)) {
      it(`lays out the ${report} on a ${screen} (${width} px): no text cut off, off the page or on another`, async () => {
        await page.setViewportSize({ width, height: 900 });
        await page.setContent(renderReport(data));
        const layout = await measureLayout(page);
        await page.screenshot({ path: join(artifacts, `${fileName(report)}-${width}.png`), fullPage: true });
        expect(layout.charts.map((chart) => chart.label)).toEqual([
          ...data.metrics.map((metric) => `${metric.name} per variant`),
          "latency per variant",
          "retrievals per answer",
          ...data.variants.map((variant) => `reliability diagram of ${variant.name}`),
        ]);
        expect(layoutProblems(layout)).toEqual([]);
        const figureRows = data.variants.length * (data.metrics.length + figuresBesideMetrics);
        await expect(page.locator("table caption").textContent()).resolves.toMatch(/^Every figure in the charts/);
        await expect(page.locator('table th[scope="row"]').count()).resolves.toBe(figureRows);
      });
    }
  }
});
