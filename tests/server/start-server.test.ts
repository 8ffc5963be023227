import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { startServer } from "../../src/server/start-server.ts";

describe("startServer", () => {
  it("serves on a real socket and stops accepting connections when closed", async () => {
    const server = await startServer(
      new Hono().get("/healthz", (context) => context.json({ status: "ok" })),
      { host: "127.0.0.1", port: 0 },
    );
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ status: "ok" });
    await server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
