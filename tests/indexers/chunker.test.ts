import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Chunk, chunkText } from "../../indexers/chunker.ts";
import { countWords, minimumChunkWords } from "../../indexers/merge-fragments.ts";
import type { TransformersEmbeddingModel } from "../../src/models/transformers/transformers-embedding-model.ts";
import { projectRoot } from "../../src/util/project-root.ts";
import { loadTinyEmbeddingModel } from "../support/bundled.ts";

/** One token a character: about what the tiny encoder counts on text outside its world, and exact to reason about. */
const oneTokenACharacter = async (texts: readonly string[]): Promise<number[]> => texts.map((text) => text.length);

const chunk = (text: string, size: number, overlap = 0) =>
  chunkText(text, { size, overlap, countTokens: oneTokenACharacter });

/** Each chunk's text that the chunk before it does not already hold. */
function ownTexts(text: string, chunks: readonly Chunk[]): string[] {
  return chunks.map((current, index) => text.slice(Math.max(current.start, chunks[index - 1]?.end ?? 0), current.end));
}

/** The characters of the text, other than white space, that no chunk holds. */
function uncovered(text: string, chunks: readonly Chunk[]): string {
  return [...text]
    .filter(
      (character, position) => /\S/.test(character) && !chunks.some((c) => c.start <= position && position < c.end),
    )
    .join("");
}

describe("chunkText: no chunk is a fragment", () => {
  it("cuts a sentence longer than a chunk into runs of about equal length, so that its tail does not stand alone", async () => {
    const text =
      "The committee reviewed every proposal submitted before the end of the year and agreed to extend the deadline.";
    const chunks = await chunk(text, 90);
    expect(chunks.map((piece) => piece.text)).toEqual([
      "The committee reviewed every proposal submitted before",
      "the end of the year and agreed to extend the deadline.",
    ]);
  });

  it("joins a short last sentence that does not fit to the chunk before it, which then exceeds the size by it", async () => {
    const text = "The harbour master logs every ship that passes the breakwater. It closed.";
    const chunks = await chunk(text, 64);
    expect(chunks).toEqual([{ index: 0, text, start: 0, end: text.length, tokens: text.length }]);
  });

  it("joins a leading fragment, such as a heading, to the chunk after it", async () => {
    const text = "Methods\n\nSamples were drawn from forty wells across the northern valley.";
    const chunks = await chunk(text, 64);
    expect(chunks.map((piece) => piece.text)).toEqual([text]);
  });

  it(`keeps a short sentence of substance (${minimumChunkWords} words) as a chunk of its own`, async () => {
    const text =
      "The trial enrolled four hundred patients across nine hospitals. There were no cardiac related deaths.";
    const chunks = await chunk(text, 64);
    expect(chunks.map((piece) => piece.text)).toEqual([
      "The trial enrolled four hundred patients across nine hospitals.",
      "There were no cardiac related deaths.",
    ]);
  });

  it("keeps a whole document shorter than a sentence of substance as one chunk", async () => {
    expect(await chunk("Deadline.", 64)).toEqual([{ index: 0, text: "Deadline.", start: 0, end: 9, tokens: 9 }]);
  });

  it("leaves a chunk size too small to hold a sentence of substance as asked", async () => {
    const text = "Storms close the harbour for ten days a year.";
    const chunks = await chunk(text, 12);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((piece) => piece.tokens))).toBeLessThanOrEqual(12);
  });
});

describe("chunkText: the chunks hold the whole text", () => {
  it("keeps the words before a decimal point when a chunk starts at that sentence", async () => {
    const text =
      "The mean diffusion coefficient was high at 28 weeks. It fell to 1.2 by term and stayed near 1.1 after birth.";
    const chunks = await chunk(text, 60);
    expect(chunks.map((piece) => piece.text)).toEqual([
      "The mean diffusion coefficient was high at 28 weeks.",
      "It fell to 1.2 by term and stayed near 1.1 after birth.",
    ]);
  });
});

const scifactCorpus = join(projectRoot, "..", "shared", "data", "scifact", "corpus.jsonl");

// Real text lives outside the repository (SciFact's licence keeps it out): without it, the rules above still hold.
describe.skipIf(!existsSync(scifactCorpus))("chunkText on SciFact abstracts, with the tiny encoder's tokenizer", () => {
  let encoder: TransformersEmbeddingModel;
  let abstracts: { id: string; text: string }[] = [];
  beforeAll(async () => {
    encoder = await loadTinyEmbeddingModel();
    const lines = (await readFile(scifactCorpus, "utf8")).split("\n").slice(0, 40);
    abstracts = lines
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { _id: string; text: string })
      .map((record) => ({ id: record._id, text: record.text }));
  });

  const chunkAbstract = (text: string) =>
    chunkText(text, { size: 200, overlap: 32, countTokens: (texts) => encoder.countTokens(texts) });

  it(`gives every chunk at least ${minimumChunkWords} words of its own and leaves no character out`, async () => {
    for (const abstract of abstracts) {
      const chunks = await chunkAbstract(abstract.text);
      for (const own of ownTexts(abstract.text, chunks))
        expect(countWords(own)).toBeGreaterThanOrEqual(minimumChunkWords);
      expect(uncovered(abstract.text, chunks)).toBe("");
      for (const piece of chunks) expect(abstract.text.slice(piece.start, piece.end)).toBe(piece.text);
    }
  });

  it("does not leave the tail of a long last sentence on its own", async () => {
    const abstract = abstracts.find((candidate) => candidate.id === "7912");
    if (!abstract) throw new Error("SciFact document 7912 is missing");
    const chunks = await chunkAbstract(abstract.text);
    expect(abstract.text.endsWith("master gene for amplification of ID elements.")).toBe(true);
    expect(countWords(chunks.at(-1)?.text ?? "")).toBeGreaterThan(20);
  });
});
