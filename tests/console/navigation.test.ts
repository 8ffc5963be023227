import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordAsk } from "../../src/db/ask-records.ts";
import { artifactFolder, chromiumPath, launchChromium, withoutChromium } from "../support/chromium.ts";
import { consoleServer } from "../support/console-server.ts";

const laptop = { width: 1280, height: 900 };
/** Generous: a busy two-core machine loads the models and renders slowly. */
const wait = { timeout: 60_000 };

/** A candidate of a stored step-reward event. */
const candidate = { text: "Gupound Geildeith was born in Saizo.", meanLogprob: -0.2, minLogprob: -0.9, reward: 0.8 };

/** A stored ask with the given trace, written straight into the database (what the server records, trimmed). */
function storedAsk(id: string, question: string, trace: unknown[]) {
  return {
    id,
    question,
    createdAt: "2022-01-01T00:00:00.000Z",
    status: "answered" as const,
    corpus: "world",
    strategy: "recall-then-retrieve",
    parameters: { samples: 1 },
    answer: "Saizo",
    confidence: 0.9,
    abstained: false,
    retrievals: 0,
    modelCalls: 2,
    promptTokens: 100,
    completionTokens: 8,
    latencyMs: 500,
    error: null,
    trace,
    calibrated: false,
  };
}

/** Whether the element that `selector` finds has the focus. */
function focused(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => element === element.ownerDocument.activeElement);
}

describe.runIf(chromiumPath)(`finding the way around the console in Chromium${withoutChromium}`, () => {
  let server: Awaited<ReturnType<typeof consoleServer>>;
  let browser: Browser;
  let page: Page;
  /** Kept after the run: the screenshots. */
  let artifacts: string;

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([consoleServer(), launchChromium(), artifactFolder("console")]);
    await recordAsk(
      server.workspace.db,
      storedAsk("newer-gate", "Which gate decided?", [
        { type: "step-start", step: 0 },
        {
          type: "step-reward",
          step: 0,
          candidates: [{ ...candidate, parts: { confidence: 0.8 } }],
          chosen: 0,
          decision: "defer-to-a-person",
          reason: "a gate this console does not know",
        },
      ]),
    );
    // Its step-reward event lacks its candidates: showing it fails, which the view's error boundary catches.
    await recordAsk(
      server.workspace.db,
      storedAsk("broken-trace", "What breaks the trace?", [
        { type: "step-start", step: 0 },
        { type: "step-reward", step: 0, chosen: 0, decision: "accept", reason: "" },
      ]),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: laptop });
  });
  afterEach(async () => {
    await page?.close();
  });

  it("names the page after its view, and moves the focus to the view's heading on each route change", async () => {
    await page.goto(`${server.url}/#/ask`);
    await page.getByRole("heading", { level: 1, name: "Ask" }).waitFor(wait);
    await expect(page.title()).resolves.toBe("Ask · Recall");
    const navigation = page.getByRole("navigation", { name: "Console" });
    for (const view of ["History", "Corpora", "Experiments", "Ask"]) {
      await navigation.getByRole("link", { name: view }).click();
      await page.getByRole("heading", { level: 1, name: view }).waitFor(wait);
      await expect.poll(() => focused(page, "h1"), wait).toBe(true);
      await expect(page.title()).resolves.toBe(`${view} · Recall`);
    }
    await page.getByRole("link", { name: "Corpora" }).click();
    await page
      .getByRole("table", { name: /^Corpora/ })
      .getByRole("link", { name: "world" })
      .click();
    await page.getByRole("heading", { level: 1, name: "Corpus world" }).waitFor(wait);
    await expect.poll(() => focused(page, "h1"), wait).toBe(true);
    await expect(page.title()).resolves.toBe("world · Corpora · Recall");
  });

  it("gives the key form the focus when it opens, and the view's heading once a key is used", async () => {
    await page.goto(`${server.url}/#/corpora`);
    await page.getByRole("heading", { level: 1, name: "Corpora" }).waitFor(wait);
    await page.getByRole("button", { name: "API key" }).click();
    const key = page.getByRole("form", { name: "API key" }).getByLabel("Key");
    await expect.poll(() => key.evaluate((input) => input === input.ownerDocument.activeElement), wait).toBe(true);
    await page.getByRole("button", { name: "Use this key" }).click();
    await page.getByRole("form", { name: "API key" }).waitFor({ state: "detached", ...wait });
    await expect.poll(() => focused(page, "h1"), wait).toBe(true);
  });

  it("opens the key form with the focus in it when the server asks for a key", async () => {
    await page.route("**/v1/experiments", (route) =>
      route.fulfill({
        status: 401,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "missing_api_key", message: "This server needs an API key." } }),
      }),
    );
    await page.goto(`${server.url}/#/experiments`);
    const form = page.getByRole("form", { name: "API key" });
    await form.getByRole("alert").filter({ hasText: "This server needs an API key." }).waitFor(wait);
    await expect
      .poll(() => form.getByLabel("Key").evaluate((input) => input === input.ownerDocument.activeElement), wait)
      .toBe(true);
  });

  it("shows a malformed address's view instead of a blank page", async () => {
    await page.goto(`${server.url}/#/history/%E0%A4%A`);
    await page.getByRole("heading", { level: 1, name: "Stored ask" }).waitFor(wait);
    await page.getByRole("alert").waitFor(wait);
    await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link").count()).resolves.toBe(4);
    await page.getByRole("link", { name: "All asks" }).click();
    await page.getByRole("heading", { level: 1, name: "History" }).waitFor(wait);
  });

  it("shows a gate decision it does not know as it is", async () => {
    await page.goto(`${server.url}/#/history/newer-gate`);
    await page.getByRole("heading", { level: 1, name: "Which gate decided?" }).waitFor(wait);
    const gate = page.locator(".gate");
    await gate.waitFor(wait);
    await expect(gate.textContent()).resolves.toMatch(/^Gate: defer-to-a-person/);
  });

  it("shows a view's failure in its place, with a way back, and the rest of the console keeps working", async () => {
    await page.goto(`${server.url}/#/history/broken-trace`);
    const failure = page.getByRole("heading", { level: 1, name: "This view could not be shown" });
    await failure.waitFor(wait);
    await expect(page.getByRole("alert").count()).resolves.toBe(1);
    await page.screenshot({ path: join(artifacts, "view-failure-laptop.png"), fullPage: true });
    await page.getByRole("link", { name: "All asks" }).click();
    await page.getByRole("heading", { level: 1, name: "History" }).waitFor(wait);
    await page.getByRole("link", { name: "What breaks the trace?" }).first().waitFor(wait);

    await page.goto(`${server.url}/#/history/broken-trace`);
    await failure.waitFor(wait);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Ask" }).click();
    await page.getByRole("heading", { level: 1, name: "Ask" }).waitFor(wait);
  });
});
