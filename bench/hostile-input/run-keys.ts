/**
 * API keys for a hostile-input run, when this Recall has `recall keys`: one with every scope and corpus, one limited
 * to a corpus that is not "world". The command's options are read from its help, since keys are new.
 */
import type { RunKeys } from "./send.ts";
import { runRecall } from "./server-process.ts";

export interface KeySetup {
  readonly keys: RunKeys | undefined;
  /** What happened, for the report. */
  readonly note: string;
}

/** The secret in `recall keys create` output: a JSON field named like a key, or the longest token-like word. */
function secretIn(stdout: string): string | undefined {
  try {
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    for (const name of ["key", "secret", "token", "apiKey", "api_key", "value"]) {
      const value = parsed[name];
      if (typeof value === "string" && value.length >= 16) return value;
    }
  } catch {
    // Not JSON: look for a token in the text.
  }
  const words = stdout.match(/[A-Za-z0-9_-]{24,}/g) ?? [];
  return words.sort((left, right) => right.length - left.length)[0];
}

/** Creates the run's keys if the command exists; otherwise says why there are none. */
export async function createRunKeys(home: string): Promise<KeySetup> {
  const help = await runRecall(["--home", home, "keys", "create", "--help"]);
  if (help.code !== 0)
    return { keys: undefined, note: `no keys: \`recall keys create --help\` exited with ${help.code}` };
  const text = help.stdout;
  const option = (name: string) => text.includes(name);
  const base = ["--home", home, "keys", "create", ...(option("--json") ? ["--json"] : [])];
  const named = (name: string) => (option("--name") ? ["--name", name] : []);
  const scopes = option("--scopes") ? ["--scopes", "ask,search,embed,index,admin"] : [];
  const full = await runRecall([
    ...base,
    ...named("hostile-full"),
    ...scopes,
    ...(option("--all-corpora") ? ["--all-corpora"] : []),
  ]);
  const fullKey = full.code === 0 ? secretIn(full.stdout) : undefined;
  if (fullKey === undefined)
    return {
      keys: undefined,
      note: `no keys: \`recall keys create\` failed (${full.code}): ${(full.stderr || full.stdout).slice(0, 300)}`,
    };
  const other = option("--corpora")
    ? await runRecall([
        ...base,
        ...named("hostile-other"),
        ...(option("--scopes") ? ["--scopes", "ask,search,embed"] : []),
        "--corpora",
        "elsewhere",
      ])
    : undefined;
  const otherKey = other && other.code === 0 ? secretIn(other.stdout) : undefined;
  return {
    keys: { full: fullKey, otherCorpus: otherKey },
    note: `keys created (full${otherKey ? ", other-corpus" : `; no other-corpus key: ${(other?.stderr ?? "no --corpora option").slice(0, 200)}`})`,
  };
}
