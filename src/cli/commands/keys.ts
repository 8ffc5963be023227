import { type Command, InvalidArgumentError, Option } from "commander";
import { type Scope, scopes } from "../../app/access.ts";
import { InvalidKeyRequestError } from "../../app/api-key-errors.ts";
import type { ApiKeyInfo } from "../../app/api-keys.ts";
import type { RecallApp } from "../../app/recall-app.ts";
import { configFromCommand } from "../global-options.ts";
import { openRecall } from "../open-recall.ts";
import { parseDuration } from "../parse-duration.ts";

/** Commander parser for a comma-separated list such as "ask,search". */
function parseList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseScopes(value: string): Scope[] {
  const listed = parseList(value);
  const unknown = listed.filter((scope) => !(scopes as readonly string[]).includes(scope));
  if (listed.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(`expected scopes out of ${scopes.join(", ")}, got "${value}"`);
  return listed as Scope[];
}

const describeKey = (key: ApiKeyInfo): string =>
  [
    key.id,
    key.name,
    `${key.prefix}…`,
    `scopes ${key.scopes.join(",")}`,
    `corpora ${key.corpora === "all" ? "all" : key.corpora.join(",")}`,
    `created ${key.createdAt}`,
    `expires ${key.expiresAt ?? "never"}`,
    key.revokedAt === null ? "active" : `revoked ${key.revokedAt}`,
  ].join("\t");

/** `recall keys create|list|revoke`: the API keys /v1 routes need once one exists. Secrets are shown once. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command("keys").description("API keys for the HTTP API (once one exists, /v1 needs one)");
  const run = async (command: Command, work: (recall: RecallApp) => Promise<string>) => {
    const recall = await openRecall(configFromCommand(command));
    try {
      process.stdout.write(`${await work(recall)}\n`);
    } finally {
      await recall.close();
    }
  };

  keys
    .command("create")
    .description("create a key and print its secret, once")
    .requiredOption("--name <name>", "who or what uses the key")
    .addOption(new Option("--corpora <list>", "the corpora it may use, comma-separated").argParser(parseList))
    .addOption(new Option("--all-corpora", "it may use every corpus, later ones too").conflicts("corpora"))
    .option("--scopes <list>", `comma-separated, out of ${scopes.join(", ")}`, parseScopes, ["ask", "search"])
    .option(
      "--expires <duration>",
      "it stops working after this long: 30d, 12h, 90m, 2w (default: never)",
      parseDuration,
    )
    .option("--json", "print one line of JSON")
    .action(
      async (
        options: {
          name: string;
          corpora?: string[];
          allCorpora?: boolean;
          scopes: Scope[];
          expires?: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (options.corpora === undefined && !options.allCorpora)
          throw new InvalidKeyRequestError("Say which corpora the key may use: --corpora a,b or --all-corpora.");
        await run(command, async (recall) => {
          const created = await recall.keys.create({
            name: options.name,
            corpora: options.allCorpora ? "all" : (options.corpora ?? []),
            scopes: options.scopes,
            expiresAt: options.expires === undefined ? undefined : new Date(Date.now() + options.expires),
          });
          if (options.json) return JSON.stringify(created);
          return [
            `created ${describeKey(created)}`,
            created.key,
            'Copy the key now: it is not shown again. Clients send it as "Authorization: Bearer KEY".',
          ].join("\n");
        });
      },
    );

  keys
    .command("list")
    .description("every key: id, name, prefix, scopes, corpora, created, expires, revoked (never the secret)")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      await run(command, async (recall) => {
        const listed = await recall.keys.list();
        if (options.json) return JSON.stringify({ keys: listed });
        return listed.length === 0
          ? "no keys yet: create one with `recall keys create --name NAME --all-corpora`"
          : listed.map(describeKey).join("\n");
      });
    });

  keys
    .command("revoke")
    .description("revoke a key at once (requests with it get 401)")
    .argument("<id>", "the key's id (recall keys list)")
    .action(async (id: string, _options: unknown, command: Command) => {
      await run(command, async (recall) => `revoked ${describeKey(await recall.keys.revoke(id))}`);
    });
}
