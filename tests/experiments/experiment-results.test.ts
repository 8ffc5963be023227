import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { insertExperiment } from "../../src/db/experiment-records.ts";
import { asks, feedback } from "../../src/db/schema.ts";
import { experimentResults } from "../../src/experiments/experiment-results.ts";
import { temporaryWorkspace } from "../support/temporary-workspace.ts";

/** An experiment of two variants, control (always-retrieve) and treatment (recall-then-retrieve), stored in `db`. */
async function twoVariantExperiment(db: Database, name: string) {
  const experiment = await insertExperiment(db, {
    name,
    status: "running",
    variants: [
      { name: "control", strategy: "always-retrieve", params: {}, weight: 1 },
      { name: "treatment", strategy: "recall-then-retrieve", params: {}, weight: 1 },
    ],
  });
  if (!experiment) throw new Error(`the experiment ${name} was not inserted`);
  return experiment;
}

/** The `index`-th answered ask of a variant of `experiment`, with `overrides`. */
function askRow(experiment: string, variant: string, index: number, overrides: Partial<typeof asks.$inferInsert> = {}) {
  return {
    id: randomUUID(),
    question: `q${index}`,
    strategy: variant === "control" ? "always-retrieve" : "recall-then-retrieve",
    parameters: {},
    answer: "a",
    confidence: 0.5,
    abstained: false,
    retrievals: 1,
    modelCalls: 3,
    promptTokens: 100,
    completionTokens: 10,
    latencyMs: 10,
    status: "answered" as const,
    trace: [],
    experiment,
    variant,
    subjectKey: `${variant}-${index}`,
    ...overrides,
  };
}

/** A fixed table: control 16 of 40 judged correct, treatment 28 of 40; feedback scores; a failed ask. */
describe("experiment results on a fixed table", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
    const experiment = await twoVariantExperiment(workspace.db, "fixed");
    const rows = (variant: string, correct: number, abstained: number) =>
      Array.from({ length: 40 }, (_, index) => ({
        ...askRow(experiment.name, variant, index, {
          abstained: index < abstained,
          retrievals: variant === "control" ? 1 : index % 2,
          completionTokens: 10 + index,
          latencyMs: 10 + index,
        }),
        correctness: index < correct,
      }));
    const all = [...rows("control", 16, 4), ...rows("treatment", 28, 2)];
    await workspace.db.orm.insert(asks).values(all.map(({ correctness: _, ...row }) => row));
    await workspace.db.orm
      .insert(feedback)
      .values(all.map((row) => ({ askId: row.id, correct: row.correctness, score: row.correctness ? 1 : 0 })));
    await workspace.db.orm.insert(asks).values({
      ...all[0],
      id: randomUUID(),
      status: "failed",
      error: "internal_error",
      correctness: undefined,
    } as never);
  });
  afterAll(async () => {
    await workspace.dispose();
  });

  it("counts, rates and latencies per variant", async () => {
    const results = await experimentResults(workspace.db, {
      name: "fixed",
      status: "running",
      description: "",
      corpus: null,
      createdAt: "",
      updatedAt: "",
      variants: [
        { name: "control", strategy: "always-retrieve", params: {}, weight: 1 },
        { name: "treatment", strategy: "recall-then-retrieve", params: {}, weight: 1 },
      ],
    });
    const [control, treatment] = results.variants;
    expect(control).toMatchObject({ asks: 41, errors: 1, retrievalsPerAsk: 1 });
    expect(control?.correct.count).toBe(40);
    expect(control?.correct.rate?.estimate).toBe(0.4);
    expect(control?.abstentionRate?.estimate).toBe(0.1);
    expect(control?.latencyMs).toEqual({ p50: 29, p95: 47 });
    expect(treatment?.correct.rate?.estimate).toBe(0.7);
    expect(treatment?.retrievalsPerAsk).toBe(0.5);
    expect(treatment?.feedback.mean?.estimate).toBeCloseTo(0.7, 10);

    // pooled p 44/80 = 0.55, SE sqrt(0.55 x 0.45 x 2/40) = 0.111243, z = 0.3 / 0.111243 = 2.6968, p = 0.0070
    const comparison = results.comparisons[0];
    expect(comparison?.correct?.estimate).toBeCloseTo(0.3, 10);
    expect(comparison?.correct?.pValue).toBeCloseTo(0.007, 3);
    expect(comparison?.abstention?.estimate).toBeCloseTo(-0.05, 10);
    expect(results.verdict).toMatch(
      /^treatment is better than control on correctness: \+0\.300 \(95% CI \+0\.09\d to \+0\.50\d, p = 0\.007\)\.$/,
    );
  });
});

/** Feedback scores bunched at the ends of 0 to 1, where a mean's normal interval runs past them. */
describe("experiment results with feedback scores near 0 and 1", () => {
  let workspace: Awaited<ReturnType<typeof temporaryWorkspace>>;
  beforeAll(async () => {
    workspace = await temporaryWorkspace();
  });
  afterAll(async () => {
    await workspace.dispose();
  });

  it("keeps each feedback mean's interval within 0 to 1", async () => {
    const experiment = await twoVariantExperiment(workspace.db, "bounded");
    // control: 39 scores of 1 and one of 0 (mean 0.975, normal interval up to 1.024); treatment the reverse
    const rows = (variant: string, high: number) =>
      Array.from({ length: 40 }, (_, index) => ({
        ...askRow(experiment.name, variant, index),
        score: index < high ? 1 : 0,
      }));
    const all = [...rows("control", 39), ...rows("treatment", 1)];
    await workspace.db.orm.insert(asks).values(all.map(({ score: _, ...row }) => row));
    await workspace.db.orm.insert(feedback).values(all.map((row) => ({ askId: row.id, score: row.score })));

    const [control, treatment] = (await experimentResults(workspace.db, experiment)).variants;
    expect(control?.feedback.mean?.estimate).toBeCloseTo(0.975, 10);
    expect(control?.feedback.mean?.low).toBeCloseTo(0.975 - 0.049, 3);
    expect(control?.feedback.mean?.high).toBe(1);
    expect(treatment?.feedback.mean?.estimate).toBeCloseTo(0.025, 10);
    expect(treatment?.feedback.mean?.low).toBe(0);
    expect(treatment?.feedback.mean?.high).toBeCloseTo(0.025 + 0.049, 3);
  });
});
