import { describe, expect, it } from "vitest";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import { ModelCallAbortedError } from "../../src/models/model-errors.ts";

const passages = [
  "Bezouth stands on the Keindraith river. Bezouth is known for its covered market.",
  "Nolbath Trading House was founded by Dulthallo Nekrailvo in the year 1954.",
  "Treisnos Bemtond is a potter. Records show that Treisnos Bemtond was born in Seske.",
];

function cosine(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    dot += (left[index] as number) * (right[index] as number);
    leftNorm += (left[index] as number) ** 2;
    rightNorm += (right[index] as number) ** 2;
  }
  return dot / Math.sqrt(leftNorm * rightNorm);
}

/** What every EmbeddingModel adapter must do. */
export function describeEmbeddingModelContract(name: string, load: () => Promise<EmbeddingModel>): void {
  describe(`EmbeddingModel contract: ${name}`, () => {
    let model: EmbeddingModel;
    const ready = (async () => {
      model = await load();
    })();

    it("names itself and returns one vector of `dimensions` numbers per text, in order", async () => {
      await ready;
      expect(model.modelId).not.toBe("");
      expect(model.dimensions).toBeGreaterThan(0);
      const { embeddings, usage } = await model.embed({ texts: passages, kind: "passage" });
      expect(embeddings).toHaveLength(passages.length);
      for (const vector of embeddings) {
        expect(vector).toHaveLength(model.dimensions);
        expect(vector.every(Number.isFinite)).toBe(true);
      }
      expect(usage.tokens).toBeGreaterThan(0);
    });

    it("gives a text the same vector alone as in a batch of texts of other lengths", async () => {
      await ready;
      const together = (await model.embed({ texts: passages, kind: "passage" })).embeddings;
      for (const [index, text] of passages.entries()) {
        const [alone] = (await model.embed({ texts: [text], kind: "passage" })).embeddings;
        expect(cosine(alone as Float32Array, together[index] as Float32Array)).toBeGreaterThan(0.9999);
      }
    });

    it("puts a question nearer the passage that answers it than the others", async () => {
      await ready;
      const [question] = (await model.embed({ texts: ["Who founded Nolbath Trading House?"], kind: "query" }))
        .embeddings;
      const vectors = (await model.embed({ texts: passages, kind: "passage" })).embeddings;
      const scores = vectors.map((vector) => cosine(question as Float32Array, vector));
      expect(scores.indexOf(Math.max(...scores))).toBe(1);
    });

    it("counts tokens with its own tokenizer: more words, more tokens; nothing, none", async () => {
      await ready;
      const [empty, short, long] = await model.countTokens([
        "",
        "a river",
        "a river runs past the old town of Bezouth",
      ]);
      expect(empty).toBe(0);
      expect(short).toBeGreaterThan(0);
      expect(long).toBeGreaterThan(short as number);
    });

    it("answers an empty list with an empty list", async () => {
      await ready;
      expect((await model.embed({ texts: [], kind: "query" })).embeddings).toEqual([]);
    });

    it("rejects with ModelCallAbortedError when the signal is aborted", async () => {
      await ready;
      const controller = new AbortController();
      controller.abort();
      await expect(
        model.embed({ texts: passages, kind: "passage", abortSignal: controller.signal }),
      ).rejects.toBeInstanceOf(ModelCallAbortedError);
    });
  });
}
