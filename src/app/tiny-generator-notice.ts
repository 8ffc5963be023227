import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { worldFolder } from "../config/bundled-models.ts";
import type { LanguageModelConfig } from "../config/config-schema.ts";
import { findCorpus } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import { someDocumentIds } from "../db/document-records.ts";
import { modelIdOf, resolveModelSource } from "../models/transformers/model-source.ts";
import { lazy } from "../util/lazy.ts";
import { isBundledGeneratorId } from "./bundled-generator.ts";

/** Document ids read to tell the tiny world from another corpus: enough to see it, cheap in a corpus of any size. */
const sampledDocuments = 1000;

/**
 * Whether a language model setting names the bundled tiny generator: an in-process model whose folder reports the
 * fingerprint fixtures/models/tiny-lm reports (a copy of that folder counts too, however it is named). Decided from
 * the files, without loading it.
 */
export function isBundledGenerator(config: Pick<LanguageModelConfig, "provider" | "model">): boolean {
  if (config.provider !== "transformers") return false;
  const source = resolveModelSource(config.model);
  return source.kind === "folder" && isBundledGeneratorId(modelIdOf(source));
}

/**
 * Says when the bundled tiny generator is asked about a corpus it cannot know. It was trained only on the tiny world
 * (fixtures/world), so about anything else it answers "I don't know", and nothing else would tell a newcomer why. A
 * corpus is the tiny world when any of its first document ids names a world document (`person-012.md`,
 * `corpus/person-012.md`); an empty corpus is neither. Verdicts are kept per corpus (its name and creation time).
 */
export class TinyGeneratorNotice {
  private readonly verdicts = new Map<string, boolean>();
  private readonly worldNames = lazy(readWorldDocumentNames);

  /** `generatorIsBundled`: the configured language model is the bundled tiny generator (see `isBundledGenerator`). */
  constructor(
    private readonly db: Database,
    private readonly generatorIsBundled: boolean,
  ) {}

  /**
   * The notice for asks about these corpora, or undefined when the generator is a real one or knows them all. It is
   * advice only: a corpus that cannot be read here counts as known, so that the notice never fails a command.
   */
  async forCorpora(names: readonly (string | undefined)[]): Promise<string | undefined> {
    if (!this.generatorIsBundled) return undefined;
    const unknown: string[] = [];
    for (const name of names) {
      if (name !== undefined && (await this.isOtherCorpus(name).catch(() => false))) unknown.push(name);
    }
    return unknown.length === 0 ? undefined : tinyGeneratorMessage(unknown);
  }

  private async isOtherCorpus(name: string): Promise<boolean> {
    const corpus = await findCorpus(this.db, name);
    if (!corpus) return false;
    const key = `${name}\u0000${corpus.createdAt}`;
    const known = this.verdicts.get(key);
    if (known !== undefined) return known;
    const ids = await someDocumentIds(this.db, name, sampledDocuments);
    if (ids.length === 0) return false;
    const world = await this.worldNames();
    const other = !ids.some((id) => world.has(documentName(id)));
    this.verdicts.set(key, other);
    return other;
  }
}

/** What to tell someone asking the tiny generator about corpora that are not the tiny world, and what to do. */
export function tinyGeneratorMessage(corpora: readonly string[]): string {
  const named = corpora.map((name) => `"${name}"`).join(", ");
  const which =
    corpora.length === 1
      ? `Corpus ${named} is not that world: asked about it`
      : `Corpora ${named} are not that world: asked about them`;
  return [
    "note: the language model is the bundled tiny generator (fixtures/models/tiny-lm), trained only on the tiny world in fixtures/world.",
    `${which}, it answers "I don't know" (or guesses wrongly). Search works on any text (full text, plus the tiny encoder).`,
    "To ask about your own documents, configure a real language model, for example:",
    "  RECALL_LANGUAGE_MODEL=onnx-community/Qwen2.5-0.5B-Instruct  (a transformers.js hub id: downloaded once, then cached)",
    "  RECALL_LANGUAGE_MODEL=./models/my-model  (a local folder with config.json, tokenizer.json, onnx/model.onnx)",
    "  RECALL_LANGUAGE_MODEL_URL=http://localhost:8000/v1 RECALL_LANGUAGE_MODEL=NAME  (a server whose /v1/completions returns log-probabilities, such as vLLM)",
    'See "Using a real model" in README.md.',
  ].join("\n");
}

/** A document id's file name without a Markdown extension: how the world's documents are named wherever indexed from. */
function documentName(id: string): string {
  return (id.slice(id.lastIndexOf("/") + 1) || id).replace(/\.md$/i, "");
}

async function readWorldDocumentNames(): Promise<Set<string>> {
  const files = await readdir(join(worldFolder, "corpus"));
  return new Set(files.filter((file) => file.endsWith(".md")).map((file) => file.slice(0, -".md".length)));
}
