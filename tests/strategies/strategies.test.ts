import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AskDependencies, answerQuestion } from "../../src/app/ask-service.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { findAsk } from "../../src/db/ask-records.ts";
import type { TraceEvent } from "../../src/reasoning/trace-events.ts";
import { strategyNames } from "../../src/strategies/strategies.ts";
import type { QaRecord } from "../../src/world/qa-record.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
let dependencies: AskDependencies;
let known: QaRecord;
let unknown: QaRecord;

beforeAll(async () => {
  const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  workspace = await worldWorkspace(embeddingModel);
  dependencies = { db: workspace.db, store: workspace.store, languageModel, embeddingModel };
  const firstKnown = (await readQaSet(worldFolder, "known"))[0];
  const heldOut = (await readQaSet(worldFolder, "unknown")).find((record) => record.split === "test");
  if (!firstKnown || !heldOut) throw new Error("the world's question sets are empty");
  known = firstKnown;
  unknown = heldOut;
}, 120_000);

afterAll(async () => {
  await workspace.dispose();
});

const ask = (question: string, strategy: string, parameters: unknown = {}, corpus: string | null = "world") =>
  answerQuestion(dependencies, { question, corpus: corpus ?? undefined, strategy, parameters });

describe.each(strategyNames)("strategy %s", (strategy) => {
  it("answers with a confidence in [0, 1], usage, and a trace that ends with the answer", async () => {
    const response = await ask(unknown.question, strategy);
    expect(response.answer.length).toBeGreaterThan(0);
    expect(response.confidence).toBeGreaterThanOrEqual(0);
    expect(response.confidence).toBeLessThanOrEqual(1);
    expect(response.usage.modelCalls).toBeGreaterThan(0);
    expect(response.usage.promptTokens).toBeGreaterThan(0);
    const last = response.trace.at(-1) as Extract<TraceEvent, { type: "answer-end" }>;
    expect(last).toMatchObject({ type: "answer-end", answer: response.answer, abstained: response.abstained });
    const starts = response.trace.filter((event) => event.type === "retrieve-start").length;
    expect(starts).toBe(response.usage.retrievals);
    expect(response.trace.filter((event) => event.type === "retrieve-end")).toHaveLength(starts);
    for (const citation of response.citations) {
      expect(response.passages.some((passage) => passage.chunkId === citation.chunkId)).toBe(true);
    }
  });

  it("gives the same answer for the same question, parameters and seed", async () => {
    const [first, second] = [await ask(unknown.question, strategy), await ask(unknown.question, strategy)];
    expect(second.answer).toBe(first.answer);
    expect(second.confidence).toBe(first.confidence);
  });

  it("answers closed-book, without retrieving, when the ask names no corpus", async () => {
    const response = await ask(unknown.question, strategy, {}, null);
    expect(response.usage.retrievals).toBe(0);
    expect(response.passages).toEqual([]);
  });
});

describe("what each strategy retrieves", () => {
  it("closed-book never retrieves; always-retrieve and hyde retrieve once", async () => {
    expect((await ask(unknown.question, "closed-book")).usage.retrievals).toBe(0);
    expect((await ask(unknown.question, "always-retrieve")).usage.retrievals).toBe(1);
    const hyde = await ask(unknown.question, "hyde");
    expect(hyde.usage.retrievals).toBe(1);
    expect(hyde.trace.find((event) => event.type === "retrieve-start")).toMatchObject({ queryKind: "generative" });
  });

  it("recall-then-retrieve answers a fact the model knows from memory, without retrieving", async () => {
    const response = await ask(known.question, "recall-then-retrieve");
    expect(response.usage.retrievals).toBe(0);
    expect(response.abstained).toBe(false);
    expect(response.answer).toBe(known.answers[0]);
    for (const event of response.trace)
      if (event.type === "step-reward") expect(event.reason).toMatch(/^best reward \d\.\d+ clears the gate 0\.50/);
  });

  it("recall-then-retrieve retrieves for a fact the model does not know, and finds its document", async () => {
    const response = await ask(unknown.question, "recall-then-retrieve");
    expect(response.usage.retrievals).toBeGreaterThan(0);
    expect(response.passages.map((passage) => passage.documentId)).toContain(`${unknown.supportingDocuments[0]}.md`);
    const decisions = response.trace.filter((event) => event.type === "step-reward").map((event) => event.decision);
    expect(decisions.slice(0, 2)).toEqual(["retrieve", "accept-after-retrieval"]);
  });

  it("recall-then-retrieve says why it retrieved, in words true to the step's numbers", async () => {
    const response = await ask(unknown.question, "recall-then-retrieve");
    const rewards = response.trace.filter((event) => event.type === "step-reward");
    const retrieved = rewards.find((event) => event.decision === "retrieve");
    if (!retrieved) throw new Error("the step was not retrieved for");
    const best = retrieved.candidates[retrieved.chosen];
    if (!best) throw new Error("the step has no chosen candidate");
    // The defaults: retrieveBelow 0.5, agreementBelow 0.51.
    const lowReward = best.reward < 0.5;
    const disagreement = (best.parts.consistency ?? 1) < 0.51;
    expect(lowReward || disagreement).toBe(true);
    if (lowReward) expect(retrieved.reason).toContain(`best reward ${best.reward.toFixed(2)} is under the gate 0.50`);
    else expect(retrieved.reason).toContain(`clears the gate 0.50`);
    const agreeing = Math.round((best.parts.consistency ?? 0) * retrieved.candidates.length);
    if (best.parts.consistency !== undefined)
      expect(retrieved.reason).toContain(`${agreeing} of ${retrieved.candidates.length} candidate`);
    if (disagreement)
      expect(retrieved.reason).toMatch(/only \d+ of \d+ candidates? agrees? with (it|the best) \(\d+ needed\)/);
    const after = rewards[rewards.indexOf(retrieved) + 1];
    expect(after?.decision).toBe("accept-after-retrieval");
    expect(after?.reason).toMatch(/^re-sampled with [1-9]\d* passages? in the prompt: best reward \d\.\d\d/);
  });

  it("recall-then-retrieve with sampling off draws one greedy candidate per step", async () => {
    const response = await ask(unknown.question, "recall-then-retrieve", { sampling: false });
    for (const event of response.trace) if (event.type === "step-sample") expect(event.candidates).toHaveLength(1);
  });

  it("caps retrievals per question, and says so where the gate would have retrieved", async () => {
    const response = await ask(unknown.question, "recall-then-retrieve", { maxRetrievals: 0 });
    expect(response.usage.retrievals).toBe(0);
    const reasons = response.trace.flatMap((event) => (event.type === "step-reward" ? [event.reason] : []));
    expect(
      reasons.some((reason) =>
        reason.endsWith("; not retrieved: this question's retrievals are used up (maxRetrievals 0)"),
      ),
    ).toBe(true);
  });
});

describe("asking", () => {
  it("stores every ask with its answer, cost and trace", async () => {
    const response = await ask(unknown.question, "always-retrieve");
    const stored = await findAsk(workspace.db, response.id);
    expect(stored).toMatchObject({
      question: unknown.question,
      corpus: "world",
      strategy: "always-retrieve",
      answer: response.answer,
      abstained: response.abstained,
      retrievals: 1,
      status: "answered",
    });
    expect(stored?.trace).toEqual(JSON.parse(JSON.stringify(response.trace)));
  });

  it("rejects an unknown strategy and bad parameters before doing any work", async () => {
    await expect(ask("x", "magic")).rejects.toMatchObject({ code: "unknown_strategy" });
    await expect(ask("x", "recall-then-retrieve", { samples: 0 })).rejects.toMatchObject({
      code: "invalid_strategy_parameters",
      message: expect.stringContaining('"samples"'),
    });
    await expect(ask("x", "closed-book", { colour: "blue" })).rejects.toMatchObject({
      code: "invalid_strategy_parameters",
    });
  });

  it("rejects an unknown corpus with its stable code", async () => {
    await expect(ask("x", "always-retrieve", {}, "nope")).rejects.toMatchObject({ code: "corpus_not_found" });
  });

  it("stops generating when the caller aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      answerQuestion(
        dependencies,
        { question: unknown.question, corpus: "world", strategy: "recall-then-retrieve" },
        { abortSignal: controller.signal },
      ),
    ).rejects.toMatchObject({ code: "aborted" });
  });
});
