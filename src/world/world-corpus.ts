import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";

/** A document of the tiny world's corpus, split into its paragraphs. */
export interface WorldDocument {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
}

/** Reads every Markdown document of a world corpus folder, sorted by id. */
export async function readWorldCorpus(corpusFolder: string): Promise<WorldDocument[]> {
  const files = (await readdir(corpusFolder)).filter((file) => file.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(corpusFolder, file), "utf8");
      const [heading = "", ...paragraphs] = text.trim().split(/\n\s*\n/);
      return { id: basename(file, ".md"), title: heading.replace(/^#\s*/, ""), paragraphs };
    }),
  );
}

/**
 * The paragraph of a document that states the answer: the first that contains the answer text.
 * Undefined when the document does not state it.
 */
export function goldParagraph(document: WorldDocument, answer: string): string | undefined {
  return document.paragraphs.find((paragraph) => paragraph.includes(answer));
}
