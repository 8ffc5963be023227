import { join } from "node:path";
import { indexCorpus } from "../../indexers/index-corpus.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import { temporaryWorkspace } from "./temporary-workspace.ts";

/** A temporary workspace with the tiny world's corpus indexed as "world" (the chunking the README uses). */
export async function worldWorkspace(embeddingModel: EmbeddingModel) {
  const workspace = await temporaryWorkspace();
  await indexCorpus(
    { db: workspace.db, store: workspace.store },
    { corpus: "world", paths: [join(worldFolder, "corpus")], embeddingModel, chunkSize: 48, overlap: 8 },
  );
  return workspace;
}
