import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordAsk } from "../../src/db/ask-records.ts";
import {
  artifactFolder,
  chromiumPath,
  launchChromium,
  screens,
  sidewaysOverflow,
  withoutChromium,
} from "../support/chromium.ts";
import { consoleServer } from "../support/console-server.ts";
import { belowLoopThreshold, loopThreshold } from "../support/loop-threshold.ts";

/** From fixtures/world/qa/known.jsonl: the generator learned it. */
const known = "Where was Gupound Geildeith born?";
/** From fixtures/world/qa/unknown.jsonl: the generator does not know it, so recall-then-retrieve retrieves. */
const unknown = { question: "Where was Treisnos Bemtond born?", answer: "Seske" };
/** From fixtures/world/qa/absent.jsonl: no document says it, so the strategy abstains. */
const absent = "In which year was Deinpam Kuternour born?";
/** From fixtures/world/qa/known.jsonl, asked without a corpus. */
const closedBook = "Who does Gupound Geildeith work for?";
/** From fixtures/world/qa/known.jsonl, asked through the experiment. */
const throughExperiment = "What does Gupound Geildeith do for a living?";
/** Stored as failed (the strategy's model timed out), older than the asks above. */
const failed = { question: "Where does Gupound Geildeith live?", error: "model_timeout" };
/** Older asks still, enough to need a second page. */
const olderAsks = 20;

const experiment = {
  name: "loop-vs-rag",
  description: "recall-then-retrieve against always-retrieve",
  corpus: "world",
  variants: [
    { name: "control", strategy: "always-retrieve" },
    { name: "loop", strategy: "recall-then-retrieve" },
  ],
};
/** The tiny models answer in about a second; a busy machine may take far longer. */
const wait = { timeout: 60_000 };

/** A stored ask as the test writes it straight into the database (what the server records, trimmed). */
function storedAsk(fields: { id: string; question: string; createdAt: string; status: "answered" | "failed" }) {
  const answered = fields.status === "answered";
  return {
    ...fields,
    corpus: "world",
    strategy: "always-retrieve",
    parameters: { samples: 3, topK: 5 },
    answer: answered ? "Saizo" : "",
    confidence: answered ? 0.9 : 0,
    abstained: false,
    retrievals: 1,
    modelCalls: answered ? 2 : 1,
    promptTokens: 120,
    completionTokens: answered ? 8 : 0,
    latencyMs: 900,
    error: answered ? null : failed.error,
    trace: [],
    calibrated: false,
  };
}

/** The questions the table lists, top to bottom. */
function questions(page: Page): Promise<string[]> {
  return page
    .getByRole("table", { name: /^Stored asks/ })
    .getByRole("rowheader")
    .allTextContents();
}

/** The table's row of one question. */
function rowOf(page: Page, question: string): Locator {
  return page
    .getByRole("table", { name: /^Stored asks/ })
    .getByRole("row")
    .filter({ hasText: question });
}

describe.runIf(chromiumPath)(`the History view in Chromium${withoutChromium}`, () => {
  let server: Awaited<ReturnType<typeof consoleServer>>;
  let browser: Browser;
  let page: Page;
  /** Kept after the run: the screenshots at each width. */
  let artifacts: string;
  /** The stored asks' ids, by question. */
  const ids = new Map<string, string>();

  async function post(path: string, body: unknown): Promise<{ id?: string }> {
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id?: string };
  }

  async function ask(body: { question: string; [name: string]: unknown }): Promise<void> {
    const answer = await post("/v1/ask", body);
    ids.set(body.question, answer.id ?? "");
  }

  beforeAll(async () => {
    [server, browser, artifacts] = await Promise.all([consoleServer(), launchChromium(), artifactFolder("console")]);
    for (let index = 0; index < olderAsks; index++)
      await recordAsk(
        server.workspace.db,
        storedAsk({
          id: `older-${index}`,
          question: `Older question ${index + 1}?`,
          createdAt: new Date(Date.UTC(2020, 0, 1, 0, index)).toISOString(),
          status: "answered",
        }),
      );
    await recordAsk(
      server.workspace.db,
      storedAsk({ id: "failed-1", question: failed.question, createdAt: "2021-01-01T00:00:00.000Z", status: "failed" }),
    );
    // One after the other, so that each is stored after the one before.
    await ask({ question: known, corpus: "world", strategy: "recall-then-retrieve" });
    await ask({ question: unknown.question, corpus: "world", strategy: "recall-then-retrieve" });
    await ask({ question: absent, corpus: "world", strategy: "recall-then-retrieve" });
    await ask({ question: closedBook, strategy: "closed-book" });
    await post("/v1/experiments", experiment);
    await ask({ question: throughExperiment, experiment: experiment.name, user: "reader-1" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: screens.laptop });
    await page.goto(`${server.url}/#/history`);
    await rowOf(page, known).waitFor(wait);
  });
  afterEach(async () => {
    await page?.close();
  });

  it("lists the stored asks newest first, each with what it came to, and loads older ones", async () => {
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("History");
    const shown = await questions(page);
    expect(shown.slice(0, 6)).toEqual([
      throughExperiment,
      closedBook,
      absent,
      unknown.question,
      known,
      failed.question,
    ]);
    expect(shown).toHaveLength(20);
    await expect(rowOf(page, unknown.question).getByRole("cell").nth(3).textContent()).resolves.toBe(unknown.answer);
    await expect(rowOf(page, absent).getByRole("cell").nth(3).textContent()).resolves.toBe("abstained");
    await expect(rowOf(page, failed.question).getByRole("cell").nth(3).textContent()).resolves.toBe(
      `failed ${failed.error}`,
    );
    await expect(rowOf(page, closedBook).getByRole("cell").nth(2).textContent()).resolves.toBe("no corpus");
    await expect(rowOf(page, throughExperiment).getByRole("cell").nth(1).textContent()).resolves.toMatch(
      /^(always-retrieve|recall-then-retrieve)loop-vs-rag \/ (control|loop)$/,
    );
    await expect(page.getByRole("status").textContent()).resolves.toBe(
      "Showing 20 asks, newest first; older ones follow.",
    );
    await page.screenshot({ path: join(artifacts, "history-laptop.png"), fullPage: true });

    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => questions(page), wait).toHaveLength(6 + olderAsks);
    await expect((await questions(page)).at(-1)).toBe("Older question 1?");
    await expect(page.getByRole("button", { name: "Load more" }).count()).resolves.toBe(0);
  });

  it("keeps each ask once when the key form opens and closes after older asks were loaded", async () => {
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => questions(page), wait).toHaveLength(6 + olderAsks);
    const listed: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/v1/asks") listed.push(request.url());
    });
    const keyButton = page.getByRole("button", { name: "API key" });
    const keyForm = page.getByRole("form", { name: "API key" });
    await keyButton.click();
    await keyForm.waitFor(wait);
    await keyButton.click();
    await keyForm.waitFor({ state: "detached", ...wait });
    // Effects run once the browser has painted: after two frames, any page read again has been asked for.
    await page.evaluate(
      "new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))))",
    );
    await page.locator('.ask-list[aria-busy="false"]').waitFor(wait);
    expect(listed).toEqual([]);
    const shown = await questions(page);
    expect(shown).toHaveLength(6 + olderAsks);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it("shows only the abstained ask when filtered by abstention, and only the failed one by failure", async () => {
    await page.getByLabel("Outcome").selectOption("abstained");
    await expect.poll(() => questions(page), wait).toEqual([absent]);
    await expect(page.getByRole("status").textContent()).resolves.toBe("Showing 1 ask, newest first.");
    await page.getByLabel("Outcome").selectOption("failed");
    await expect.poll(() => questions(page), wait).toEqual([failed.question]);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(async () => (await questions(page)).length, wait).toBe(20);
  });

  it("filters by strategy, and by corpus", async () => {
    await page.getByLabel("Strategy").selectOption("closed-book");
    await expect.poll(() => questions(page), wait).toEqual([closedBook]);
    await page.getByLabel("Strategy").selectOption("recall-then-retrieve");
    await page.getByLabel("Corpus").selectOption("world");
    await expect.poll(() => questions(page), wait).toEqual(expect.arrayContaining([absent, unknown.question, known]));
    const listed = await questions(page);
    expect(listed).not.toContain(closedBook);
    expect(listed).not.toContain(failed.question);
  });

  it("filters by experiment, then by its variants", async () => {
    await page.getByLabel("Experiment").selectOption(experiment.name);
    await expect.poll(() => questions(page), wait).toEqual([throughExperiment]);
    const variants = await page.getByLabel("Variant").locator("option").allTextContents();
    expect(variants).toEqual(["Any variant", "control", "loop"]);
  });

  it("takes the experiment's name as text where the key may not list experiments", async () => {
    await page.route("**/v1/experiments", (route) =>
      route.fulfill({
        status: 403,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "forbidden", message: "This API key lacks the admin scope." } }),
      }),
    );
    await page.reload();
    const name = page.getByRole("textbox", { name: "Experiment" });
    await name.waitFor(wait);
    await expect(page.getByText("This key may not list experiments: type one's name.").count()).resolves.toBe(1);
    await name.fill(experiment.name);
    await name.press("Enter");
    await expect.poll(() => questions(page), wait).toEqual([throughExperiment]);
  });

  it("keeps the filters while an ask is open, and gives the focus back to its link", async () => {
    await page.getByLabel("Outcome").selectOption("abstained");
    await expect.poll(() => questions(page), wait).toEqual([absent]);
    await rowOf(page, absent).getByRole("link").click();
    await page.getByRole("heading", { level: 1, name: absent }).waitFor(wait);
    await page.getByRole("link", { name: "All asks" }).click();
    await page.locator(`a[data-ask="${ids.get(absent)}"]:focus`).waitFor(wait);
    await expect(page.getByLabel("Outcome").inputValue()).resolves.toBe("abstained");
    await expect(questions(page)).resolves.toEqual([absent]);
  });

  it("opens a stored ask with its details, its trace's retrieval and passages, and its answer card", async () => {
    await rowOf(page, unknown.question).getByRole("link").click();
    const heading = page.getByRole("heading", { level: 1 });
    await heading.filter({ hasText: unknown.question }).waitFor(wait);
    expect(page.url()).toMatch(new RegExp(`#/history/${ids.get(unknown.question)}$`));
    const how = page.getByRole("region", { name: "How it ran" });
    await expect(how.getByRole("definition").first().textContent()).resolves.toBe("recall-then-retrieve");
    await expect(how.textContent()).resolves.toMatch(/Corpusworld/);
    const parameters = how.getByRole("group");
    await expect(parameters.getAttribute("open")).resolves.toBe("");
    await expect(parameters.getByRole("term").filter({ hasText: "abstainBelow" }).count()).resolves.toBe(1);
    await expect(parameters.textContent()).resolves.toMatch(new RegExp(`abstainBelow${loopThreshold}`));

    const trace = page.getByRole("region", { name: "Trace", exact: true });
    await expect(trace.getByRole("heading", { name: "Step 1: retrieval" }).count()).resolves.toBe(1);
    await expect(trace.locator("q.query").first().textContent()).resolves.toContain(unknown.question);
    const passages = trace.getByRole("list", { name: "Step 1 passages" }).getByRole("listitem");
    expect(await passages.count()).toBeGreaterThan(0);
    await passages.first().locator("summary").click();
    await expect(passages.first().locator("blockquote").textContent()).resolves.toContain("Treisnos Bemtond");

    const answer = page.getByRole("region", { name: "Answer", exact: true });
    await expect(answer.locator(".answer-text").textContent()).resolves.toBe(unknown.answer);
    const citation = answer.getByRole("button", { name: /^\[1\] Treisnos Bemtond/ });
    await citation.click();
    await expect(citation.getAttribute("aria-expanded")).resolves.toBe("true");
    await page.screenshot({ path: join(artifacts, "history-ask-laptop.png"), fullPage: true });
  });

  it("shows a failed ask with its error, and an abstained one plainly", async () => {
    await rowOf(page, failed.question).getByRole("link").click();
    await page.getByText(`Failed (${failed.error})`).waitFor(wait);
    await expect(page.getByRole("region", { name: "Answer", exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole("region", { name: "Trace", exact: true }).textContent()).resolves.toContain(
      "The trace is empty.",
    );
    await page.getByRole("link", { name: "All asks" }).click();
    await rowOf(page, absent).getByRole("link").click();
    const answer = page.getByRole("region", { name: "Answer", exact: true });
    await answer.waitFor(wait);
    await expect(answer.getByRole("heading").first().textContent()).resolves.toBe("No answer: abstained");
    await expect(answer.textContent()).resolves.toMatch(belowLoopThreshold);
  });

  it("opens an ask by keyboard alone", async () => {
    let tabs = 0;
    const focused = page.locator("a[data-ask]:focus");
    while ((await focused.count()) === 0 && tabs < 20) {
      await page.keyboard.press("Tab");
      tabs++;
    }
    expect(tabs).toBeLessThan(20);
    await expect(focused.textContent()).resolves.toBe(throughExperiment);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: throughExperiment }).waitFor(wait);
    await page.locator("h1:focus").waitFor(wait);
  });

  it("lays the list and an ask out on a phone (390 px) as cards, without horizontal scrolling", async () => {
    await page.setViewportSize(screens.phone);
    const cards = page.getByRole("list", { name: /^Stored asks/ });
    await cards.getByRole("link", { name: known }).waitFor(wait);
    await expect(page.getByRole("table").count()).resolves.toBe(0);
    await expect(cards.getByRole("listitem").count()).resolves.toBe(20);
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(artifacts, "history-phone.png"), fullPage: true });

    await cards.getByRole("link", { name: unknown.question }).click();
    await page.getByRole("region", { name: "Answer", exact: true }).waitFor(wait);
    const parameters = page.getByRole("region", { name: "How it ran" }).getByRole("group");
    await expect(parameters.getAttribute("open")).resolves.toBeNull();
    await parameters.locator("summary").click();
    await page.getByRole("list", { name: "Step 1 passages" }).locator("summary").first().click();
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(artifacts, "history-ask-phone.png"), fullPage: true });
  });
});
