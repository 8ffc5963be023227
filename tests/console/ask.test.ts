import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import {
  artifactFolder,
  chromiumPath,
  launchChromium,
  screens,
  sidewaysOverflow,
  withoutChromium,
} from "../support/chromium.ts";
import { consoleServer } from "../support/console-server.ts";
import { belowLoopThreshold } from "../support/loop-threshold.ts";

/** From fixtures/world/qa/unknown.jsonl: the generator does not know it, so recall-then-retrieve retrieves. */
const unknown = { question: "Where was Treisnos Bemtond born?", answer: "Seske", sentence: "born in Seske" };
/** From fixtures/world/qa/absent.jsonl: no document says it, so the strategy abstains. */
const absent = "In which year was Deinpam Kuternour born?";
/** The tiny models answer in about a second; a busy machine may take far longer. */
const wait = { timeout: 60_000 };

/** What the live regions (one per ask) announce once each of the `asks` asks under way has ended. */
async function finished(page: Page, asks = 1): Promise<string> {
  const ended = page.getByRole("status").filter({ hasText: /(answered|abstained|failed|cancelled)/ });
  await expect.poll(() => ended.count(), wait).toBe(asks);
  return (await ended.allTextContents()).join(" ");
}

async function ask(page: Page, question: string): Promise<void> {
  await page.getByLabel("Question", { exact: true }).fill(question);
  await page.getByRole("button", { name: "Ask", exact: true }).click();
}

/** The panel of one strategy's ask, named by its heading. */
function runPanel(page: Page, strategy: string): Locator {
  return page.getByRole("region", { name: new RegExp(`^${strategy} on `) });
}

describe.runIf(chromiumPath)(`the Ask view in Chromium${withoutChromium}`, () => {
  let server: Awaited<ReturnType<typeof consoleServer>>;
  let browser: Browser;
  let page: Page;
  /** Kept after the run: the screenshots at each width. */
  let artifacts: string;

  beforeAll(async () => {
    server = await consoleServer();
    browser = await launchChromium();
    artifacts = await artifactFolder("console");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: screens.laptop });
    await page.goto(`${server.url}/#/ask`);
    await page
      .getByLabel("Corpus")
      .locator("option", { hasText: "world" })
      .waitFor({ state: "attached", ...wait });
  });
  afterEach(async () => {
    await page?.close();
  });

  it("offers the strategies and corpora with sensible defaults", async () => {
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Ask");
    await expect(page.getByLabel("Strategy", { exact: true }).inputValue()).resolves.toBe("recall-then-retrieve");
    await expect(page.getByLabel("Corpus").inputValue()).resolves.toBe("world");
    const strategies = await page.getByLabel("Strategy", { exact: true }).locator("option").allTextContents();
    expect(strategies).toEqual(expect.arrayContaining(["recall-then-retrieve", "closed-book", "always-retrieve"]));
    const corpora = await page.getByLabel("Corpus").locator("option").allTextContents();
    expect(corpora).toContain("No corpus (closed-book)");
    await expect(page.getByRole("button", { name: "Cancel" }).isDisabled()).resolves.toBe(true);
  });

  describe("a question the generator does not know", () => {
    beforeEach(async () => {
      await ask(page, unknown.question);
      await finished(page);
    });

    it("answers it with its confidence, and announces the answer", async () => {
      const answer = page.getByRole("region", { name: "Answer", exact: true });
      await expect(answer.locator(".answer-text").textContent()).resolves.toBe(unknown.answer);
      const confidence = answer.getByRole("meter", { name: "Confidence" });
      await expect(confidence.getAttribute("aria-valuetext")).resolves.toMatch(/^\d+\.\d%$/);
      await expect(finished(page)).resolves.toMatch(
        new RegExp(`recall-then-retrieve answered: ${unknown.answer} \\(confidence \\d+\\.\\d%\\)`),
      );
    });

    it("shows the retrieval in the trace with its query and its passages", async () => {
      const trace = page.getByRole("region", { name: "Trace" });
      await expect(trace.getByRole("heading", { name: "Draft from memory" }).count()).resolves.toBe(1);
      await expect(trace.getByRole("heading", { name: "Step 1: retrieval" }).count()).resolves.toBe(1);
      await expect(trace.locator("q.query").textContent()).resolves.toContain(unknown.question);
      const passages = trace.getByRole("list", { name: "Step 1 passages" }).getByRole("listitem");
      expect(await passages.count()).toBeGreaterThan(0);
      await passages.first().locator("summary").click();
      await expect(passages.first().locator("blockquote").textContent()).resolves.toContain("Treisnos Bemtond");
    });

    it("shows each step's candidates with their reward parts as bars, and the gate's decision", async () => {
      const before = page.getByRole("list", { name: "Step 1 candidates" }).first();
      const candidates = before.getByRole("listitem");
      expect(await candidates.count()).toBeGreaterThan(1);
      for (const part of ["Reward", "Confidence", "Consistency"])
        expect(await before.getByRole("meter", { name: part, exact: true }).count()).toBe(await candidates.count());
      await expect(before.getByText("chosen", { exact: true }).count()).resolves.toBe(1);
      const gates = await page.locator(".gate").allTextContents();
      expect(gates[0]).toMatch(/Gate: retrieve/);
      expect(gates.at(-1)).toMatch(/Gate: accept after retrieval/);
      const after = page.getByRole("list", { name: "Step 1 candidates" }).last();
      await expect(after.getByRole("meter", { name: "Grounding", exact: true }).count()).resolves.toBeGreaterThan(0);
    });

    it("opens a citation's passage with its supporting sentence highlighted", async () => {
      const citation = page.getByRole("button", { name: /^\[1\] Treisnos Bemtond/ });
      await expect(citation.getAttribute("aria-expanded")).resolves.toBe("false");
      await citation.click();
      await expect(citation.getAttribute("aria-expanded")).resolves.toBe("true");
      const panel = page.locator(`[id="${await citation.getAttribute("aria-controls")}"]`);
      const marked = (await panel.locator("mark").textContent()) ?? "";
      expect(marked).toContain(unknown.sentence);
      expect((await panel.locator("blockquote").textContent())?.length).toBeGreaterThan(marked.length);
      await page.getByRole("list", { name: "Step 1 passages" }).locator("summary").first().click();
      await page.screenshot({ path: join(artifacts, "ask-laptop.png"), fullPage: true });
    });
  });

  it("announces an ask's phases, not each of its trace events", async () => {
    // Each text the first run's live region takes, as it takes it.
    await page.evaluate(`(() => {
      const region = document.querySelector('[role="status"]');
      const announced = (globalThis.announced = []);
      new MutationObserver(() => announced.push(region.textContent)).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    })()`);
    await ask(page, unknown.question);
    await finished(page);
    const announced = (await page.evaluate("globalThis.announced")) as string[];
    const said = announced.filter((text, index) => text !== "" && text !== announced[index - 1]);
    const phases = [
      /^recall-then-retrieve: asking…$/,
      /^recall-then-retrieve: retrieving passages…$/,
      new RegExp(`^recall-then-retrieve answered: ${unknown.answer} `),
    ];
    const order = said.map((text) => phases.findIndex((phase) => phase.test(text)));
    expect(order, said.join(" | ")).not.toContain(-1);
    expect(order).toEqual([...new Set(order)].sort());
    expect(order.at(-1)).toBe(2);
  });

  it("shows an absent fact plainly as an abstention", async () => {
    await ask(page, absent);
    await expect(finished(page)).resolves.toMatch(/recall-then-retrieve abstained \(confidence \d+\.\d%\)/);
    const answer = page.getByRole("region", { name: "Answer", exact: true });
    await expect(answer.getByRole("heading").first().textContent()).resolves.toBe("No answer: abstained");
    await expect(answer.textContent()).resolves.toMatch(belowLoopThreshold);
    await expect(answer.getByRole("button").count()).resolves.toBe(0);
    await page.screenshot({ path: join(artifacts, "ask-abstained-laptop.png"), fullPage: true });
  });

  it("shows a comparison answered in parts: each part's question and answer, then the option the years pick", async () => {
    const comparison = (await readQaSet(worldFolder, "two-hop")).find(
      (record) => record.shape === "comparison" && record.split === "test",
    );
    if (!comparison) throw new Error("the world has no comparison question");
    await ask(page, comparison.question);
    await expect(finished(page)).resolves.toMatch(/recall-then-retrieve answered/);
    const trace = page.getByRole("region", { name: "Trace" });
    const parts = trace.getByRole("heading", { name: /^Part \d of 2: In which year was / });
    await expect(parts.count()).resolves.toBe(2);
    await expect(trace.textContent()).resolves.toMatch(/Its answer: \d{4}.*Its answer: \d{4}/s);
    const answer = page.getByRole("region", { name: "Answer", exact: true });
    await expect(answer.textContent()).resolves.toContain(comparison.answers[0]);
  });

  it("runs two strategies side by side on one question", async () => {
    await page.getByLabel("Compare two strategies side by side").check();
    await page.getByLabel("First strategy").selectOption("recall-then-retrieve");
    await page.getByLabel("Second strategy").selectOption("closed-book");
    await ask(page, unknown.question);
    const announced = await finished(page, 2);
    expect(announced).toContain("recall-then-retrieve answered");
    expect(announced).toMatch(/closed-book (answered|abstained)/);
    const first = runPanel(page, "recall-then-retrieve");
    const second = runPanel(page, "closed-book");
    // Each panel's answer and trace are named after its strategy: a screen reader's list of regions tells them apart.
    const answer = { name: "Answer, recall-then-retrieve", exact: true };
    await expect(first.getByRole("region", answer).count()).resolves.toBe(1);
    await expect(second.getByRole("region", { name: "Answer, closed-book", exact: true }).count()).resolves.toBe(1);
    await expect(first.getByRole("region", { name: "Trace, recall-then-retrieve", exact: true }).count()).resolves.toBe(
      1,
    );
    await expect(second.getByRole("region", { name: "Trace, closed-book", exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole("region", { name: "Answer", exact: true }).count()).resolves.toBe(0);
    await expect(second.getByRole("heading", { name: "Step 1: retrieval" }).count()).resolves.toBe(0);
    const [left, right] = [await first.boundingBox(), await second.boundingBox()];
    expect(right?.x).toBeGreaterThan((left?.x ?? 0) + (left?.width ?? 0) - 1);
    await page.screenshot({ path: join(artifacts, "ask-side-by-side-laptop.png"), fullPage: true });
  });

  it("asks by keyboard alone: tab to the question, type, Enter", async () => {
    let tabs = 0;
    const focused = page.locator('input[name="question"]:focus');
    while ((await focused.count()) === 0 && tabs < 12) {
      await page.keyboard.press("Tab");
      tabs++;
    }
    expect(tabs).toBeLessThan(12);
    await page.keyboard.type(unknown.question);
    await page.keyboard.press("Enter");
    await expect(finished(page)).resolves.toContain(`answered: ${unknown.answer}`);
  });

  it("says why the server refused an ask", async () => {
    await ask(page, "Where? ".repeat(600));
    const announced = await finished(page);
    expect(announced).toMatch(/^recall-then-retrieve failed: .+ \(\w+\)$/);
    await expect(page.locator(".run-status.failed").textContent()).resolves.toBe(announced);
  });

  it("cancels an ask under way", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/v1/ask", async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    await ask(page, unknown.question);
    const cancel = page.getByRole("button", { name: "Cancel" });
    await page.locator(".run-status.running").waitFor(wait);
    await cancel.click();
    await expect(finished(page)).resolves.toContain("recall-then-retrieve: cancelled.");
    release();
    await expect(cancel.isDisabled()).resolves.toBe(true);
  });

  it("lays the view out on a phone (390 px) without horizontal scrolling", async () => {
    await page.setViewportSize(screens.phone);
    await page.getByLabel("Compare two strategies side by side").check();
    await ask(page, unknown.question);
    await finished(page, 2);
    await page
      .getByRole("button", { name: /^\[1\] Treisnos Bemtond/ })
      .first()
      .click();
    await page.getByRole("list", { name: "Step 1 passages" }).locator("summary").first().click();
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(artifacts, "ask-phone.png"), fullPage: true });
  });
});
