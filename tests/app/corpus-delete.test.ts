import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdCorpusLease } from "../../indexers/corpus-lease.ts";
import { givenModels } from "../../src/app/model-set.ts";
import { RecallApp } from "../../src/app/recall-app.ts";
import { findCorpus } from "../../src/db/corpus-records.ts";
import { corpusLeases } from "../../src/db/schema.ts";
import { loadTinyEmbeddingModel, loadTinyReranker } from "../support/bundled.ts";
import { FailingLanguageModel } from "../support/failing-language-model.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

describe("deleting a corpus", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  let recall: RecallApp;
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    const embedding = await loadTinyEmbeddingModel();
    recall = new RecallApp({
      db: workspace.db,
      store: workspace.store,
      models: givenModels({
        language: new FailingLanguageModel(() => new Error("deleting called the language model")),
        embedding,
        reranker: loadTinyReranker,
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await recall?.close();
    await workspace?.dispose();
  });

  it("holds the corpus's lease: refused with corpus_busy while a run writes it, done once the run has ended", async () => {
    await recall.corpora.create({ name: "held" });
    const run = await holdCorpusLease(workspace.db, "held", "a-running-index", 30_000);
    await expect(recall.corpora.delete("held")).rejects.toMatchObject({ code: "corpus_busy", status: 409 });
    expect(await findCorpus(workspace.db, "held")).toBeDefined();
    expect(await workspace.store.existingTable("held-1")).toBeDefined();

    await run.release();
    await recall.corpora.delete("held");
    expect(await findCorpus(workspace.db, "held")).toBeUndefined();
    expect(await workspace.store.existingTable("held-1")).toBeUndefined();
    expect(await workspace.db.orm.select().from(corpusLeases)).toEqual([]);
  });
});
