#!/usr/bin/env node
// The HTML report's rendering test needs headless Chromium (Debian's chromium package). When it is missing and this
// runs as root on a machine with apt-get (CI, containers), it is installed; otherwise, or when RECALL_NO_APT=1, or
// when the install fails, the test is skipped and this says so. It never fails the test run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const present = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].some((path) => existsSync(path));
const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get") && process.env.RECALL_NO_APT !== "1";
if (!present) {
  if (canInstall) {
    process.stdout.write("installing Debian's chromium for the report rendering test (RECALL_NO_APT=1 skips this)\n");
    const options = { stdio: "inherit", timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } };
    const updated = spawnSync("apt-get", ["update", "-qq"], options);
    const installed =
      updated.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], options).status === 0;
    if (!installed) process.stdout.write("could not install chromium: the report rendering test will be skipped\n");
  } else {
    process.stdout.write("chromium is not installed: the report rendering test will be skipped\n");
  }
}
