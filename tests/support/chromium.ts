import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { projectRoot } from "../../src/util/project-root.ts";

const chromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Debian's Chromium, which .ci/run installs (never `npm test`); undefined where it is missing. */
export const chromiumPath = chromiumPaths.find((path) => existsSync(path));

/** Said in a browser test's title where it is skipped. */
export const withoutChromium = chromiumPath
  ? ""
  : ` (skipped: no Chromium at ${chromiumPaths.join(" or ")}; .ci/run installs Debian's)`;

/** Headless Chromium driven by Playwright; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error("No Chromium: the test should have been skipped.");
  return chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
}

/** Where browser tests keep their screenshots (git-ignored), by test file. */
export async function artifactFolder(name: string): Promise<string> {
  const folder = join(projectRoot, "test-artifacts", name);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** The console's two screen sizes under test: a laptop's and a phone's. */
export const screens = { laptop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

/** How many pixels wider than its window the page lays out: 0 when it does not scroll sideways. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  const overflow = Number(
    await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"),
  );
  return Math.max(0, overflow);
}
