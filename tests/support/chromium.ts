import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
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
