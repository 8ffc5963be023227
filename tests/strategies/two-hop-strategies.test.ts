import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AskDependencies, type AskResponse, answerQuestion } from "../../src/app/ask-service.ts";
import { configureStrategy, strategyNames } from "../../src/strategies/strategies.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

/** The person's page says where they were born (Seske); only Seske's page says in which region it lies. */
const question = "In which region was Treisnos Bemtond born?";
const birthplacePage = "place-042.md";

describe("strategies with two hops", () => {
  let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
  let dependencies: AskDependencies;
  beforeAll(async () => {
    const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
    workspace = await worldWorkspace(embeddingModel);
    dependencies = { db: workspace.db, store: workspace.store, languageModel, embeddingModel };
  }, 120_000);
  afterAll(async () => {
    await workspace.dispose();
  });

  const retrieving = strategyNames.filter((name) => name !== "closed-book");
  const documentsOf = (response: AskResponse) => response.passages.map((passage) => passage.documentId);

  it.each(retrieving)("%s takes hops 1 or 2 and refuses any other, naming the parameter", (strategy) => {
    expect(configureStrategy(strategy, {}).parameters).toMatchObject({ hops: 1 });
    expect(configureStrategy(strategy, { hops: 2 }).parameters).toMatchObject({ hops: 2 });
    expect(() => configureStrategy(strategy, { hops: 3 })).toThrow(/Invalid parameter "hops".*expected 1 .* or 2/);
  });

  it("retrieves through both rounds: one retrieval of always-retrieve brings the page the first one names", async () => {
    const ask = (parameters: object) =>
      answerQuestion(dependencies, { question, corpus: "world", strategy: "always-retrieve", parameters });
    const oneRound = await ask({ passagesPerRetrieval: 2 });
    const twoHops = await ask({ passagesPerRetrieval: 2, hops: 2 });
    expect(documentsOf(oneRound)).toEqual(["person-000.md", "person-000.md"]);
    expect(documentsOf(twoHops)).toEqual(["person-000.md", birthplacePage]);
    expect(twoHops.usage.retrievals).toBe(1);
    // One retrieval, but a second round for each name the first passage brought: the usage says both.
    expect(oneRound.usage.searches).toBe(1);
    expect(twoHops.usage.searches).toBeGreaterThan(1);
    const retrieved = twoHops.trace.find((event) => event.type === "retrieve-end");
    expect(retrieved?.passages.map((passage) => passage.documentId)).toContain(birthplacePage);
  });
});
