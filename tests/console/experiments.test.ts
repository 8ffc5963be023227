import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignVariant } from "../../src/experiments/assign-variant.ts";
import {
  artifactFolder,
  chromiumPath,
  launchChromium,
  screens,
  sidewaysOverflow,
  withoutChromium,
} from "../support/chromium.ts";
import { consoleServer } from "../support/console-server.ts";

/** Long enough for a busy two-core machine: each ask runs the language model. */
const wait = 60_000;
const { laptop, phone } = screens;
const experiment = "console-ab";
const variants = [
  { name: "control", strategy: "always-retrieve", weight: 1, params: {} },
  { name: "closed", strategy: "closed-book", weight: 1, params: {} },
];

/** Waits until the locator's text matches, and returns it. */
async function textOf(locator: Locator, pattern: RegExp): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout: wait });
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? "";
}

/** Whether the element the locator finds has the focus. */
function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

/** The charts' labels, figures and tick labels that do not fit inside their chart: none should. */
async function chartTextCutOff(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll(".chart text, .chart-label, .chart-value")]
    .filter((element) => {
      const box = element.getBoundingClientRect();
      const chart = element.closest(".chart").getBoundingClientRect();
      const overflows = element instanceof HTMLElement && element.scrollWidth > element.clientWidth + 1;
      return overflows || box.left < chart.left - 0.5 || box.right > chart.right + 0.5;
    })
    .map((element) => element.textContent)`)) as string[];
}

/** The first users that the experiment assigns to each variant, `each` per variant. */
function usersPerVariant(each: number): string[] {
  const chosen = new Map<string, string[]>(variants.map((variant) => [variant.name, []]));
  for (let index = 1; [...chosen.values()].some((users) => users.length < each); index++) {
    const user = `user-${index}`;
    const users = chosen.get(assignVariant(experiment, user, variants).name);
    if (users && users.length < each) users.push(user);
  }
  return [...chosen.values()].flat();
}

describe.skipIf(!chromiumPath)(`console: experiments${withoutChromium}`, () => {
  let server: Awaited<ReturnType<typeof consoleServer>>;
  let browser: Browser;
  let page: Page;
  let screenshots: string;
  const policyViolations: string[] = [];

  beforeAll(async () => {
    [server, browser, screenshots] = await Promise.all([consoleServer(), launchChromium(), artifactFolder("console")]);
    page = await browser.newPage({ viewport: laptop });
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** Asks through the experiment as `user`, then judges the answer: what an application would send. */
  async function askAndJudge(user: string, judgement: { score: number; correct: boolean }): Promise<void> {
    const asked = await fetch(`${server.url}/v1/ask`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: "Where was Treisnos Bemtond born?", experiment, user }),
    });
    expect(asked.status).toBe(200);
    const { id } = (await asked.json()) as { id: string };
    const judged = await fetch(`${server.url}/v1/feedback`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ askId: id, ...judgement }),
    });
    expect(judged.status).toBe(201);
  }

  it("creates an experiment with two variants and shows its live counts, charts and table", async () => {
    await page.goto(`${server.url}/#/experiments`);
    const form = page.getByRole("form", { name: "Create an experiment" });
    await form.getByLabel("Name", { exact: true }).first().fill(experiment);
    await form.getByLabel("Corpus").selectOption("world");
    await form.getByLabel("Description").fill("Retrieval against the model's own memory.");
    const control = form.getByRole("group", { name: /^Variant 1/ });
    await control.getByLabel("Strategy").selectOption("always-retrieve");
    await control.getByLabel(/^Parameters/).fill('{"samples": 2}');
    const treatment = form.getByRole("group", { name: /^Variant 2/ });
    await treatment.getByLabel("Name").fill("closed");
    await treatment.getByLabel("Strategy").selectOption("closed-book");
    await treatment.getByLabel(/^Parameters/).fill('{"samples": 2}');
    await form.getByRole("button", { name: "Create experiment" }).click();
    await page.getByRole("heading", { level: 1, name: `Experiment ${experiment}` }).waitFor({ timeout: wait });
    const results = page.getByRole("region", { name: "Results" });
    await textOf(results.getByRole("status"), /^0 asks so far/);

    const users = usersPerVariant(2);
    for (const [index, user] of users.entries())
      await askAndJudge(user, { score: index % 2 === 0 ? 1 : 0.5, correct: index % 3 !== 0 });

    // The view reads the results again every few seconds while the experiment runs.
    expect(await textOf(results.getByRole("status"), /^4 asks so far/)).toMatch(/update every few seconds/);
    const counts = results.getByRole("img", { name: /^Asks per variant/ });
    expect(await counts.getAttribute("aria-label")).toBe("Asks per variant: control 2; closed 2.");
    const correct = results.getByRole("img", { name: /^Correct answers \(share of the judged answers\): control/ });
    expect(await correct.getAttribute("aria-label")).toMatch(/control \d(\.\d+)? \[.*\], 2 judged answers; closed/);
    await results.getByRole("img", { name: /^Feedback score.*variant minus control/ }).waitFor({ timeout: wait });

    const table = results.getByRole("table", { name: /^Every figure per variant/ });
    expect(await table.getByRole("row", { name: /^Asks/ }).textContent()).toBe("Asks22");
    expect(await table.getByRole("row", { name: /^Feedback score \[95% interval\]/ }).textContent()).toMatch(
      /\[.*\] of 2 scores.*\[.*\] of 2 scores/,
    );
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Figure", "control", "closed"]);

    expect(await chartTextCutOff(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "experiment-laptop.png"), fullPage: true });
    await page.setViewportSize(phone);
    expect(await sidewaysOverflow(page)).toBe(0);
    expect(await chartTextCutOff(page)).toEqual([]);
    await page.screenshot({ path: join(screenshots, "experiment-phone.png"), fullPage: true });
    await page.setViewportSize(laptop);
  });

  it("pauses and resumes the experiment from its page", async () => {
    await page.goto(`${server.url}/#/experiments/${experiment}`);
    const definition = page.getByRole("region", { name: "Definition and status" });
    await textOf(definition.getByText(/^Status:/), /running/);

    await definition.getByRole("button", { name: "Pause" }).click();
    await textOf(definition.getByRole("status"), /^Paused/);
    await textOf(definition.getByText(/^Status:/), /paused/);
    // Pause gives way to Resume, and the focus stays where the button is.
    await expect.poll(() => hasFocus(definition.getByRole("button", { name: "Resume" })), { timeout: wait }).toBe(true);

    // By keyboard: the button takes the focus, Enter presses it.
    await definition.getByRole("button", { name: "Resume" }).focus();
    await page.keyboard.press("Enter");
    await textOf(definition.getByRole("status"), /^Resumed/);
    await textOf(definition.getByText(/^Status:/), /running/);

    // Stopping is final, so it is asked again, with the focus on the confirming button; Cancel leaves it running.
    await definition.getByRole("button", { name: "Stop…" }).click();
    const stop = definition
      .getByRole("group", { name: /^Stopping is final/ })
      .getByRole("button", { name: "Stop the experiment" });
    await stop.waitFor({ timeout: wait });
    expect(await stop.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);
    await definition.getByRole("button", { name: "Cancel" }).click();
    expect(await definition.getByText(/^Status:/).textContent()).toBe("Status: running");
    // The confirmation is gone: the focus goes back to the button that opened it.
    await expect.poll(() => hasFocus(definition.getByRole("button", { name: "Stop…" })), { timeout: wait }).toBe(true);

    await page.goto(`${server.url}/#/experiments`);
    const row = page.getByRole("table", { name: /^Experiments/ }).getByRole("row", { name: new RegExp(experiment) });
    expect(await textOf(row, /running/)).toMatch(/world.*control \(always-retrieve\), closed \(closed-book\)/);
    await page.screenshot({ path: join(screenshots, "experiments-list-laptop.png"), fullPage: true });
    await page.setViewportSize(phone);
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(screenshots, "experiments-list-phone.png"), fullPage: true });
    await page.setViewportSize(laptop);
  });

  it("breaks no rule of the console's content security policy (no inline style or script)", () => {
    expect(policyViolations).toEqual([]);
  });
});
