import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AskDependencies, answerQuestion } from "../../src/app/ask-service.ts";
import { worldFolder } from "../../src/config/bundled-models.ts";
import { anotherStepChance } from "../../src/reasoning/another-step-chance.ts";
import { BundledFormat } from "../../src/reasoning/formats/bundled-format.ts";
import type { TraceEvent } from "../../src/reasoning/trace-events.ts";
import { stepSettings } from "../../src/strategies/shared-parameters.ts";
import type { QaRecord } from "../../src/world/qa-record.ts";
import { readQaSet } from "../../src/world/qa-sets.ts";
import { loadTinyEmbeddingModel, loadTinyLanguageModel } from "../support/bundled.ts";
import { worldWorkspace } from "../support/world-workspace.ts";

let workspace: Awaited<ReturnType<typeof worldWorkspace>>;
let dependencies: AskDependencies;
let twoHop: QaRecord[];
let known: QaRecord[];

beforeAll(async () => {
  const [languageModel, embeddingModel] = await Promise.all([loadTinyLanguageModel(), loadTinyEmbeddingModel()]);
  workspace = await worldWorkspace(embeddingModel);
  dependencies = { db: workspace.db, store: workspace.store, languageModel, embeddingModel };
  twoHop = await readQaSet(worldFolder, "two-hop");
  known = await readQaSet(worldFolder, "known");
}, 120_000);

afterAll(async () => {
  await workspace.dispose();
});

const ask = (question: string, strategy: string, parameters: unknown = {}) =>
  answerQuestion(dependencies, { question, corpus: "world", strategy, parameters });
const record = (id: string): QaRecord => {
  const found = twoHop.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no two-hop question ${id}`);
  return found;
};
const retrievalQueries = (trace: readonly TraceEvent[]) =>
  trace.flatMap((event) => (event.type === "retrieve-start" ? [event.query] : []));

describe("whether the chain is finished: the model's chance of writing another step", () => {
  const threshold = stepSettings.continueAbove.parse(undefined);
  const chanceAfterFirstStep = (item: QaRecord) =>
    anotherStepChance(dependencies.languageModel, new BundledFormat(), {
      question: item.question,
      steps: item.steps.slice(0, 1),
    });

  it("is under the default threshold after the one step of every fact the model knows", async () => {
    for (const item of known.slice(0, 30)) expect(await chanceAfterFirstStep(item)).toBeLessThan(threshold);
  });

  it("is above it after the first hop of most bridge questions", async () => {
    const bridges = twoHop.filter((item) => item.shape === "bridge").slice(0, 30);
    const chances = await Promise.all(bridges.map(chanceAfterFirstStep));
    expect(chances.filter((chance) => chance >= threshold).length / chances.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe("recall-then-retrieve on a bridge whose first hop the model knows", () => {
  // The model recalls the employer, and is as sure of a made-up headquarters as of a fact.
  const bridge = () => record("person-006.employer.headquarters");

  it("looks the bridge up by its name, not by the question, and answers from it", async () => {
    const response = await ask(bridge().question, "recall-then-retrieve", { abstainBelow: 0 });
    expect(response.guess).toBe(bridge().answers[0]);
    expect(response.usage.retrievals).toBe(1);
    const decision = response.trace.find((event) => event.type === "step-reward" && event.decision === "retrieve");
    expect(decision).toMatchObject({ reason: expect.stringContaining("builds on Trevutrour Guild") });
    const [query] = retrievalQueries(response.trace);
    expect(query).toContain("Trevutrour Guild");
    expect(query).not.toContain("Gupound");
  });

  it("re-samples a retrieved step with one candidate when asked for one sample", async () => {
    const response = await ask(bridge().question, "recall-then-retrieve", { abstainBelow: 0, samples: 1 });
    expect(response.usage.retrievals).toBeGreaterThan(0);
    const resampled = response.trace.filter((event) => event.type === "step-sample" && event.withPassages > 0);
    expect(resampled.length).toBeGreaterThan(0);
    for (const event of resampled) expect(event).toMatchObject({ candidates: [expect.any(String)] });
  });

  it("answers the model's guess without the bridge check (the ablation)", async () => {
    const response = await ask(bridge().question, "recall-then-retrieve", { abstainBelow: 0, verifyBridges: false });
    expect(response.usage.retrievals).toBe(0);
    expect(response.guess).not.toBe(bridge().answers[0]);
  });

  it("writes the second hop the draft left out when the model gives another step a real chance", async () => {
    const item = record("person-018.birthplace.region");
    const response = await ask(item.question, "recall-then-retrieve", { abstainBelow: 0 });
    const continued = response.trace.find((event) => event.type === "step-start" && event.continued !== undefined);
    expect(continued).toBeDefined();
    expect(response.steps).toHaveLength(2);
    expect(response.guess).toBe(item.answers[0]);
  });
});

describe("a bridge whose first hop is only in the corpus", () => {
  const item = () => record("person-001.birthplace.region");

  it("recall-then-retrieve searches twice: for the subject, then for the town it was born in", async () => {
    const response = await ask(item().question, "recall-then-retrieve", { abstainBelow: 0 });
    const queries = retrievalQueries(response.trace);
    expect(queries).toHaveLength(2);
    expect(queries[1]).toContain("Kurstolvond");
    expect(response.steps).toEqual(item().steps);
    expect(response.guess).toBe(item().answers[0]);
  });

  it.each(["flare", "ircot"])("%s crosses the same bridge with the same parts", async (strategy) => {
    const response = await ask(item().question, strategy, { abstainBelow: 0 });
    expect(retrievalQueries(response.trace).some((query) => query.includes("Kurstolvond"))).toBe(true);
    expect(response.guess).toBe(item().answers[0]);
  });
});

describe("comparisons, answered in parts by every strategy", () => {
  const comparison = () => {
    const found = twoHop.find((item) => item.shape === "comparison" && item.split === "dev");
    if (!found) throw new Error("no comparison question");
    return found;
  };

  it.each(["recall-then-retrieve", "flare", "always-retrieve"])(
    "%s answers each part, then names the option the years pick",
    async (strategy) => {
      const item = comparison();
      const response = await ask(item.question, strategy, { abstainBelow: 0 });
      const parts = response.trace.filter((event) => event.type === "part-answer");
      expect(parts).toHaveLength(2);
      expect(response.trace.at(-1)).toMatchObject({ type: "answer-end", answer: response.answer });
      expect(response.guess).toBe(item.answers[0]);
      expect(retrievalQueries(response.trace)).toHaveLength(response.usage.retrievals);
    },
  );

  it("takes the question as it is with compareInParts off", async () => {
    const response = await ask(comparison().question, "recall-then-retrieve", { compareInParts: false });
    expect(response.trace.some((event) => event.type === "decomposed")).toBe(false);
  });
});
