import { createHash } from "node:crypto";
import { join } from "node:path";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { openWorkspace } from "../../src/app/open-workspace.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import { builtOnce } from "./built-once.ts";
import { temporaryWorkspace } from "./temporary-workspace.ts";

const probe = "Treisnos Bemtond was born in the harbour town of Veltmar.";

/**
 * What tells one embedding model's index of the world from another's: its id and dimensions, and what it makes of a
 * probe sentence (two loads of one model with different settings share an id but not their vectors).
 */
async function fingerprint(embeddingModel: EmbeddingModel): Promise<string> {
  const [{ embeddings }, tokens] = await Promise.all([
    embeddingModel.embed({ texts: [probe], kind: "passage" }),
    embeddingModel.countTokens([probe]),
  ]);
  const vector = [...(embeddings[0] ?? [])].map((value) => value.toFixed(4));
  return createHash("sha256")
    .update(JSON.stringify([embeddingModel.modelId, embeddingModel.dimensions, tokens, vector]))
    .digest("hex")
    .slice(0, 16);
}

/**
 * A temporary workspace with the tiny world's corpus indexed as "world" by `embeddingModel` (the chunking the README
 * uses). The index is built once per test run for each model and copied into each workspace: a test file that needs
 * the indexing itself done with its own model indexes with indexCorpus.
 */
export async function worldWorkspace(embeddingModel: EmbeddingModel) {
  const template = await builtOnce(`world-workspace-${await fingerprint(embeddingModel)}`, async (home) => {
    const workspace = await openWorkspace({ home });
    try {
      await indexCorpus(
        { db: workspace.db, store: workspace.store },
        { corpus: "world", paths: [join(worldFolder, "corpus")], embeddingModel, chunkSize: 48, overlap: 8 },
      );
    } finally {
      await workspace.close();
    }
  });
  return temporaryWorkspace({ copyOf: template });
}
