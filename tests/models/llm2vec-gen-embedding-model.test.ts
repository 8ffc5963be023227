import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExhaustiveSearch } from "../../retrievers/exhaustive-search.ts";
import { loadEmbeddingModel } from "../../src/app/load-models.ts";
import { bundledModels, worldFolder } from "../../src/config/bundled-models.ts";
import { Llm2VecGenEmbeddingModel } from "../../src/models/llm2vec-gen/llm2vec-gen-embedding-model.ts";
import { ModelLoadError } from "../../src/models/model-errors.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { readWorldCorpus } from "../../src/world/world-corpus.ts";
import { loadTinyLlm2VecGen } from "../support/bundled.ts";
import { describeEmbeddingModelContract } from "./embedding-model-contract.ts";

describeEmbeddingModelContract("LLM2Vec-Gen adapter on tiny-llm2vec-gen", () => loadTinyLlm2VecGen());

/** Measured 0.86 with the bundled model (recall@5 of the document among the world's 300, by paragraph). */
const knownRecallFloor = 0.7;

describe("Llm2VecGenEmbeddingModel", () => {
  it("is what the embedding setting loads for a folder with llm2vec-gen.json, and says it embeds answers", async () => {
    const model = await loadEmbeddingModel(
      {
        provider: "transformers",
        model: bundledModels.generativeEmbedding,
        dtype: "fp32",
        queryPrefix: "",
        passagePrefix: "",
        pooling: "mean",
        batchSize: 16,
        timeoutMs: 60_000,
        maxRetries: 0,
      },
      { offline: true },
    );
    expect(model).toBeInstanceOf(Llm2VecGenEmbeddingModel);
    expect(model.embedsAnswers).toBe(true);
    expect(model.modelId).toMatch(/^tiny-llm2vec-gen@[0-9a-f]{8}$/);
  });

  it("embeds a text differently as a query (what would answer it) and as a passage (what it says)", async () => {
    const model = await loadTinyLlm2VecGen();
    const text = "Where was Treisnos Bemtond born?";
    const [query] = (await model.embed({ texts: [text], kind: "query" })).embeddings;
    const [passage] = (await model.embed({ texts: [text], kind: "passage" })).embeddings;
    expect(Array.from(query as Float32Array)).not.toEqual(Array.from(passage as Float32Array));
  });

  it("finds the documents of facts the generator learned, among the whole world's paragraphs", async () => {
    const model = await loadTinyLlm2VecGen();
    const documents = await readWorldCorpus(join(worldFolder, "corpus"));
    const search = await ExhaustiveSearch.build(
      model,
      documents.flatMap((document) => document.paragraphs.map((text) => ({ documentId: document.id, text }))),
    );
    const questions = (await readQaSet(worldFolder, "known")).filter((record) => record.supportingDocuments.length > 0);
    const ranked = await search.searchDocuments(
      questions.map((record) => record.question),
      5,
    );
    const found = questions.filter((record, index) => ranked[index]?.includes(record.supportingDocuments[0] ?? ""));
    // Random ranking would find 5 of 300 documents: about 0.02.
    expect(found.length / questions.length).toBeGreaterThanOrEqual(knownRecallFloor);
  });
});

describe("LLM2Vec-Gen folders that cannot load", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "recall-llm2vec-gen-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function copyWithManifest(name: string, change: (manifest: Record<string, unknown>) => void): Promise<string> {
    const target = join(folder, name);
    await cp(bundledModels.generativeEmbedding, target, { recursive: true });
    const path = join(target, "llm2vec-gen.json");
    const manifest = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    change(manifest);
    await writeFile(path, JSON.stringify(manifest));
    return target;
  }

  it("names the manifest's broken field", async () => {
    const target = await copyWithManifest("no-compression", (manifest) => {
      manifest.compressionTokenIds = [];
    });
    const failure = Llm2VecGenEmbeddingModel.load(target);
    await expect(failure).rejects.toBeInstanceOf(ModelLoadError);
    await expect(failure).rejects.toThrow(/compressionTokenIds/);
  });

  it("refuses special tokens outside the decoder's vocabulary", async () => {
    const target = await copyWithManifest("outside", (manifest) => {
      manifest.thoughtTokenIds = [100_000];
    });
    await expect(Llm2VecGenEmbeddingModel.load(target)).rejects.toThrow(/100000 lie outside the decoder's vocabulary/);
  });

  it("refuses a manifest whose dimensions the head does not give", async () => {
    const target = await copyWithManifest("dimensions", (manifest) => {
      manifest.dimensions = 7;
    });
    await expect(Llm2VecGenEmbeddingModel.load(target)).rejects.toThrow(/says 7 dimensions, but the head gives/);
  });

  it("fails on a hub id with the way to make a local folder, instead of falling back to another model", async () => {
    const failure = Llm2VecGenEmbeddingModel.load("McGill-NLP/LLM2Vec-Gen-Qwen3-06B", { offline: true });
    await expect(failure).rejects.toBeInstanceOf(ModelLoadError);
    await expect(failure).rejects.toThrow(/convert_llm2vec_gen\.py/);
  });
});
