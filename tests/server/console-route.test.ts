import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleRoute } from "../../src/server/routes/console-route.ts";
import type { ServerEnv } from "../../src/server/server-env.ts";

describe("the console's files", () => {
  let bundle: string;
  let empty: string;
  let app: Hono<ServerEnv>;
  beforeAll(async () => {
    bundle = await mkdtemp(join(tmpdir(), "recall-console-"));
    empty = await mkdtemp(join(tmpdir(), "recall-console-empty-"));
    await writeFile(join(bundle, "index.html"), "<!doctype html><title>console</title>");
    await writeFile(join(bundle, "console.js"), "export {};");
    await writeFile(join(bundle, "secret.env"), "KEY=1");
    app = new Hono<ServerEnv>().route("/", consoleRoute(bundle));
  });
  afterAll(async () => {
    await rm(bundle, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  it("answers / with the page, under a policy that allows only its own bundle and API", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self';");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await response.text()).toContain("<title>console</title>");
  });

  it("serves the bundle's scripts with their type, and 304 to a browser that has them", async () => {
    const first = await app.request("/console/console.js");
    expect(first.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const etag = first.headers.get("etag") ?? "";
    const again = await app.request("/console/console.js", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  it("serves a file rebuilt in place anew, with a new ETag, even one of the same size", async () => {
    const path = join(bundle, "rebuilt.js");
    await writeFile(path, "export const build = 1;");
    await utimes(path, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
    const first = await app.request("/console/rebuilt.js");
    expect(await first.text()).toBe("export const build = 1;");
    expect((await app.request("/console/rebuilt.js")).headers.get("etag")).toBe(first.headers.get("etag"));

    await writeFile(path, "export const build = 2;");
    await utimes(path, new Date("2026-01-01T00:00:01Z"), new Date("2026-01-01T00:00:01Z"));
    const second = await app.request("/console/rebuilt.js");
    expect(await second.text()).toBe("export const build = 2;");
    expect(second.headers.get("etag")).not.toBe(first.headers.get("etag"));
    const stale = await app.request("/console/rebuilt.js", {
      headers: { "If-None-Match": first.headers.get("etag") ?? "" },
    });
    expect(stale.status).toBe(200);

    await rm(path);
    expect((await app.request("/console/rebuilt.js")).status).toBe(404);
  });

  it("serves nothing but the bundle's kinds of file, and no path", async () => {
    expect((await app.request("/console/secret.env")).status).toBe(404);
    expect((await app.request("/console/..%2Fpackage.json")).status).toBe(404);
    expect((await app.request("/console/missing.js")).status).toBe(404);
  });

  it("says how to build it when it is not built", async () => {
    const unbuilt = new Hono<ServerEnv>().route("/", consoleRoute(empty));
    const response = await unbuilt.request("/");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build");
  });
});
