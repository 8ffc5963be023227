import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/app/ask-service.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import type { EmbeddingModel } from "../../src/models/embedding-model.ts";
import type { TraceEvent } from "../../src/reasoning/trace-events.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel, loadTinyLlm2VecGen } from "../support/bundled.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

type Workspace = Awaited<ReturnType<typeof worldWorkspace>>;

/** The queries recall-then-retrieve searched with, for a corpus embedded by the given model. */
async function generativeQueries(workspace: Workspace, question: string, embeddingModel: EmbeddingModel) {
  const languageModel = await loadTinyLanguageModel();
  const response = await answerQuestion(
    { db: workspace.db, store: workspace.store, languageModel, embeddingModel },
    {
      question,
      corpus: "world",
      strategy: "recall-then-retrieve",
      parameters: { query: "generative", retrieveBelow: 1 },
    },
  );
  return response.trace
    .filter((event): event is Extract<TraceEvent, { type: "retrieve-start" }> => event.type === "retrieve-start")
    .map((event) => event.query);
}

describe("the generative query", () => {
  let question: string;
  beforeAll(async () => {
    const record = (await readQaSet(worldFolder, "unknown")).find((candidate) => candidate.split === "test");
    if (!record) throw new Error("no held-out question");
    question = record.question;
  });

  describe("with an encoder", () => {
    let workspace: Workspace;
    const model = loadTinyEmbeddingModel();
    beforeAll(async () => {
      workspace = await worldWorkspace(await model);
    });
    afterAll(async () => workspace.dispose());

    it("embeds the question with the steps the model drafted", async () => {
      const queries = await generativeQueries(workspace, question, await model);
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) {
        expect(query.startsWith(question)).toBe(true);
        expect(query.length).toBeGreaterThan(question.length);
      }
    });
  });

  describe("with LLM2Vec-Gen, which embeds what the model would answer", () => {
    let workspace: Workspace;
    const model = loadTinyLlm2VecGen();
    beforeAll(async () => {
      workspace = await worldWorkspace(await model);
    });
    afterAll(async () => workspace.dispose());

    it("embeds the question itself: no drafted text is needed", async () => {
      const queries = await generativeQueries(workspace, question, await model);
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) expect(query).toBe(question);
    });
  });
});
