import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

describe("recall keys", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "recall-keys-"));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("refuses to serve beyond this machine while no key exists, saying how to make one", async () => {
    const served = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"], { RECALL_HOME: home });
    expect(served.code).toBe(1);
    expect(served.stderr).toContain("error [api_key_required]");
    expect(served.stderr).toContain("recall keys create --name NAME --all-corpora --scopes ask,search");
    expect(served.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints a new key once, lists keys without it, and revokes one by id", async () => {
    const created = await runCli(
      [
        "keys",
        "create",
        "--name",
        "frontend",
        "--corpora",
        "world,notes",
        "--scopes",
        "ask",
        "--expires",
        "30d",
        "--json",
      ],
      { RECALL_HOME: home },
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim().split("\n")).toHaveLength(1);
    const key = JSON.parse(created.stdout) as Record<string, unknown> & { id: string; key: string; prefix: string };
    expect(key).toMatchObject({ name: "frontend", corpora: ["world", "notes"], scopes: ["ask"], revokedAt: null });
    expect(key.key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(Date.parse(String(key.expiresAt)) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const revoked = await runCli(["keys", "revoke", key.id], { RECALL_HOME: home });
    expect(revoked.stdout).toContain(`revoked ${key.id}\tfrontend`);
    const listed = await runCli(["keys", "list"], { RECALL_HOME: home });
    expect(listed.stdout).toMatch(
      new RegExp(`${key.id}\\tfrontend\\t${key.prefix}…\\tscopes ask\\tcorpora world,notes`),
    );
    expect(listed.stdout).toContain("\trevoked ");
    expect(listed.stdout + revoked.stdout).not.toContain(key.key);

    const unknown = await runCli(["keys", "revoke", "key_nope"], { RECALL_HOME: home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error [api_key_not_found]: There is no API key with id "key_nope"');
  });
});
