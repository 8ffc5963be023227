import { describe, expect, it } from "vitest";
import { loadTinyEmbeddingModel } from "../support/bundled.ts";
import { describeEmbeddingModelContract } from "./embedding-model-contract.ts";

describeEmbeddingModelContract("transformers.js adapter on tiny-encoder", () => loadTinyEmbeddingModel());

describe("TransformersEmbeddingModel settings", () => {
  it("normalises to unit length by default, and not when told not to", async () => {
    const normalised = await loadTinyEmbeddingModel();
    const raw = await loadTinyEmbeddingModel({ normalize: false });
    const [unit] = (await normalised.embed({ texts: ["Bezouth stands on a river."], kind: "passage" })).embeddings;
    const [plain] = (await raw.embed({ texts: ["Bezouth stands on a river."], kind: "passage" })).embeddings;
    expect(Math.hypot(...(unit as Float32Array))).toBeCloseTo(1, 5);
    expect(Math.hypot(...(plain as Float32Array))).not.toBeCloseTo(1, 2);
  });

  it("prepends the query prefix to queries and the passage prefix to passages", async () => {
    const prefixed = await loadTinyEmbeddingModel({ queryPrefix: "query: ", passagePrefix: "passage: " });
    const plain = await loadTinyEmbeddingModel();
    const text = "Who founded the guild?";
    const [asQuery] = (await prefixed.embed({ texts: [text], kind: "query" })).embeddings;
    const [asPassage] = (await prefixed.embed({ texts: [text], kind: "passage" })).embeddings;
    const [byHand] = (await plain.embed({ texts: [`query: ${text}`], kind: "query" })).embeddings;
    expect(Array.from(asQuery as Float32Array)).toEqual(Array.from(byHand as Float32Array));
    expect(Array.from(asQuery as Float32Array)).not.toEqual(Array.from(asPassage as Float32Array));
  });

  it("embeds in batches of batchSize with the same results as one batch", async () => {
    const small = await loadTinyEmbeddingModel({ batchSize: 2 });
    const large = await loadTinyEmbeddingModel({ batchSize: 64 });
    const texts = ["one short text", "a somewhat longer text about a town on a river", "three", "four and five"];
    const left = (await small.embed({ texts, kind: "passage" })).embeddings;
    const right = (await large.embed({ texts, kind: "passage" })).embeddings;
    for (const [index, vector] of left.entries()) {
      for (const [position, value] of vector.entries()) {
        expect(value).toBeCloseTo((right[index] as Float32Array)[position] as number, 5);
      }
    }
  });
});
