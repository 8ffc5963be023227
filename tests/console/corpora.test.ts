import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/util/project-root.ts";
import {
  artifactFolder,
  chromiumPath,
  launchChromium,
  screens,
  sidewaysOverflow,
  withoutChromium,
} from "../support/chromium.ts";
import { consoleServer } from "../support/console-server.ts";

/** Long enough for a busy two-core machine: indexing runs the embedding model. */
const wait = 60_000;
const { laptop, phone } = screens;

/** Waits until the locator's text matches, and returns it. */
async function textOf(locator: Locator, pattern: RegExp): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout: wait });
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? "";
}

describe.skipIf(!chromiumPath)(`console: corpora${withoutChromium}`, () => {
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

  it("creates a corpus, uploads a markdown document to done, lists it as indexed and finds it by search", async () => {
    await page.goto(`${server.url}/#/corpora`);
    const list = page.getByRole("table", { name: /^Corpora/ });
    await list.getByRole("link", { name: "world" }).waitFor({ timeout: wait });

    await page.screenshot({ path: join(screenshots, "corpora-laptop.png"), fullPage: true });
    await page.setViewportSize(phone);
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(screenshots, "corpora-phone.png"), fullPage: true });
    await page.setViewportSize(laptop);

    const create = page.getByRole("form", { name: "Create a corpus" });
    await create.getByLabel("Name").fill("harbour");
    // By keyboard: Enter in a field submits the form.
    await create.getByLabel("Name").press("Enter");
    await page.getByRole("heading", { level: 1, name: "Corpus harbour" }).waitFor({ timeout: wait });

    const upload = page.getByRole("form", { name: "Upload documents" });
    await upload.getByLabel("Files").setInputFiles({
      name: "harbour.md",
      mimeType: "text/markdown",
      buffer: Buffer.from(
        "# The Harbour\n\nThe quokkaberry boats come in at dawn, and the harbour master counts them.\n",
      ),
    });
    await upload.getByRole("button", { name: "Upload", exact: true }).click();
    const done = await textOf(upload.getByRole("status"), /^Done/);
    expect(done).toBe("Done: 1 document indexed.");
    const progress = upload.getByRole("progressbar", { name: "Indexing progress" });
    expect(await progress.getAttribute("value")).toBe(await progress.getAttribute("max"));

    const documents = page.getByRole("table", { name: "Documents of harbour, by id" });
    const row = documents.getByRole("row", { name: /The Harbour/ });
    await row.waitFor({ timeout: wait });
    expect(await row.textContent()).toMatch(/harbour\.md.*indexed.*1/);

    const search = page.getByRole("region", { name: "Search playground" });
    await search.getByLabel("Query").fill("quokkaberry boats at dawn");
    await search.getByLabel("Mode").selectOption("hybrid");
    await search.getByRole("spinbutton", { name: "Dense" }).fill("2");
    await search.getByRole("button", { name: "Search", exact: true }).click();
    const passages = search.getByRole("list", { name: "Passages found" });
    const first = passages.getByRole("listitem").first();
    await first.getByRole("heading", { name: "The Harbour" }).waitFor({ timeout: wait });
    expect(await first.textContent()).toMatch(/score \d/);

    await search.getByLabel("Rerank with the cross-encoder").check();
    await search.getByLabel("Candidates it reads").fill("10");
    await search.getByRole("button", { name: "Search", exact: true }).click();
    await textOf(search.getByRole("status"), /reranker relevance/);
    expect(await passages.getByRole("listitem").first().textContent()).toMatch(/The Harbour.*score \d.*reranked/s);

    await search.getByLabel("Rerank with the cross-encoder").uncheck();
    await search.getByLabel(/two hops/).check();
    await search.getByRole("button", { name: "Search", exact: true }).click();
    // The passage names "The Harbour", which the query does not: a second search for it.
    expect(await textOf(search.getByRole("status"), /searches/)).toMatch(/from 2 searches/);

    await page.screenshot({ path: join(screenshots, "corpus-laptop.png"), fullPage: true });
    await page.setViewportSize(phone);
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(screenshots, "corpus-phone.png"), fullPage: true });
    await page.setViewportSize(laptop);
  });

  it("shows an upload refused for its type, and a document that could not be indexed with its reason", async () => {
    await page.goto(`${server.url}/#/corpora/harbour`);
    const upload = page.getByRole("form", { name: "Upload documents" });
    await upload.getByLabel("Files").setInputFiles({
      name: "minutes.docx",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("not a document Recall reads"),
    });
    await upload.getByRole("button", { name: "Upload", exact: true }).click();
    expect(await textOf(upload.getByRole("alert"), /minutes\.docx/)).toMatch(
      /type Recall cannot read .*\(unsupported_file_type\)/,
    );
    await upload.screenshot({ path: join(screenshots, "corpus-upload-refused-laptop.png") });

    const binary = await readFile(join(projectRoot, "fixtures", "documents", "bad", "binary.txt"));
    await upload.getByLabel("Files").setInputFiles([
      { name: "binary.txt", mimeType: "text/plain", buffer: binary },
      { name: "tides.md", mimeType: "text/markdown", buffer: Buffer.from("# Tides\n\nThe tide turns at noon.\n") },
    ]);
    await upload.getByRole("button", { name: "Upload", exact: true }).click();
    expect(await textOf(upload.getByRole("status"), /^Done/)).toBe("Done: 1 document indexed, 1 failed.");
    const jobFailures = upload.getByRole("list", { name: "Documents that could not be indexed" });
    expect(await jobFailures.textContent()).toMatch(/^binary\.txt: .*binary/);

    const failures = page.getByRole("table", { name: /could not be indexed/ });
    const failure = failures.getByRole("row", { name: /binary\.txt/ });
    await failure.waitFor({ timeout: wait });
    expect(await failure.textContent()).toMatch(/binary/);
    const documents = page.getByRole("table", { name: "Documents of harbour, by id" });
    await documents.getByRole("row", { name: /Tides/ }).waitFor({ timeout: wait });

    await page.screenshot({ path: join(screenshots, "corpus-failures-laptop.png"), fullPage: true });
    await page.setViewportSize(phone);
    expect(await sidewaysOverflow(page)).toBe(0);
    await page.screenshot({ path: join(screenshots, "corpus-failures-phone.png"), fullPage: true });
    await page.setViewportSize(laptop);
  });

  it("cancels an upload while it is being sent, and leaves the focus on Upload to send again", async () => {
    await page.goto(`${server.url}/#/corpora/harbour`);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/v1/corpora/harbour/documents", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await held;
      await route.continue().catch(() => {});
    });
    const upload = page.getByRole("form", { name: "Upload documents" });
    await upload.getByLabel("Files").setInputFiles({
      name: "gulls.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# Gulls\n\nThe gulls follow the boats in.\n"),
    });
    await upload.getByRole("button", { name: "Upload", exact: true }).click();
    // Held before the server: the bytes may all have left the browser, but no answer comes until the test says.
    await textOf(upload.getByRole("status"), /^(Sending|Sent) 1 file/);
    await upload.screenshot({ path: join(screenshots, "corpus-upload-sending-laptop.png") });
    await upload.getByRole("button", { name: "Cancel" }).click();
    await textOf(upload.getByRole("status"), /^Upload cancelled/);
    release();
    const send = upload.getByRole("button", { name: "Upload", exact: true });
    await expect
      .poll(() => send.evaluate((button) => button === button.ownerDocument.activeElement), { timeout: wait })
      .toBe(true);
    expect(await upload.getByRole("button", { name: "Cancel" }).count()).toBe(0);
    await page.unroute("**/v1/corpora/harbour/documents");
  });

  it("breaks no rule of the console's content security policy (no inline style or script)", () => {
    expect(policyViolations).toEqual([]);
  });
});
