import { eq, inArray } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import type { ExperimentRecord } from "../db/experiment-records.ts";
import { percentile } from "../evaluation/answer-metrics.ts";
import {
  type Comparison,
  clipInterval,
  compareMeans,
  compareProportions,
  type Interval,
  mean,
  proportion,
} from "../statistics/statistics.ts";

/** Below this many observations per variant a difference is not judged. */
export const minimumPerVariant = 30;

/** What a feedback score can be (the feedback API refuses others): its mean's interval stays inside. */
export const feedbackScoreRange = [0, 1] as const;

export interface VariantResults {
  readonly variant: string;
  readonly strategy: string;
  readonly weight: number;
  readonly asks: number;
  readonly errors: number;
  readonly feedback: { readonly count: number; readonly mean: Interval | null };
  readonly correct: { readonly count: number; readonly rate: Interval | null };
  readonly abstentionRate: Interval | null;
  readonly retrievalsPerAsk: number;
  readonly tokensPerAsk: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
}

export interface VariantComparison {
  /** This variant against the first (the control). */
  readonly variant: string;
  readonly against: string;
  readonly correct: Comparison | null;
  readonly feedback: Comparison | null;
  readonly abstention: Comparison | null;
}

export interface ExperimentResults {
  readonly experiment: string;
  readonly status: string;
  readonly variants: readonly VariantResults[];
  readonly comparisons: readonly VariantComparison[];
  /** A plain reading of the comparisons, or why there is not enough data yet. */
  readonly verdict: string;
  /** Every answered ask, for the report's charts. */
  readonly answers: readonly AskOutcome[];
}

export interface AskOutcome {
  readonly variant: string;
  readonly confidence: number;
  readonly failed: boolean;
  readonly abstained: boolean;
  readonly retrievals: number;
  readonly tokens: number;
  readonly latencyMs: number;
  readonly score: number | undefined;
  readonly correct: boolean | undefined;
}

/** Per-variant results of an experiment, each variant compared with the first, and a verdict. */
export async function experimentResults(db: Database, experiment: ExperimentRecord): Promise<ExperimentResults> {
  const outcomes = await readOutcomes(db, experiment.name);
  const byVariant = (name: string) => outcomes.filter((outcome) => outcome.variant === name);
  const variants = experiment.variants.map((variant) => summarise(variant, byVariant(variant.name)));
  const [control, ...others] = experiment.variants;
  const comparisons = control
    ? others.map((variant) => compare(control.name, byVariant(control.name), variant.name, byVariant(variant.name)))
    : [];
  return {
    experiment: experiment.name,
    status: experiment.status,
    variants,
    comparisons,
    verdict: verdictOf(variants, comparisons),
    answers: outcomes.filter((outcome) => !outcome.failed),
  };
}

async function readOutcomes(db: Database, experiment: string): Promise<AskOutcome[]> {
  const { asks, feedback } = db.tables;
  const rows = await db.orm.select().from(asks).where(eq(asks.experiment, experiment));
  const ids = rows.map((row) => row.id);
  const notes = ids.length === 0 ? [] : await db.orm.select().from(feedback).where(inArray(feedback.askId, ids));
  const latest = new Map<string, { score: number | undefined; correct: boolean | undefined }>();
  for (const note of notes) {
    const known = latest.get(note.askId) ?? { score: undefined, correct: undefined };
    latest.set(note.askId, {
      score: note.score ?? known.score,
      correct: note.correct ?? known.correct,
    });
  }
  return rows.map((row) => ({
    variant: row.variant ?? "",
    confidence: row.confidence,
    failed: row.status === "failed",
    abstained: row.abstained,
    retrievals: row.retrievals,
    tokens: row.promptTokens + row.completionTokens,
    latencyMs: row.latencyMs,
    score: latest.get(row.id)?.score,
    correct: latest.get(row.id)?.correct,
  }));
}

function summarise(variant: ExperimentRecord["variants"][number], outcomes: readonly AskOutcome[]): VariantResults {
  const answered = outcomes.filter((outcome) => !outcome.failed);
  const scores = answered.flatMap((outcome) => (outcome.score === undefined ? [] : [outcome.score]));
  const judged = answered.filter((outcome) => outcome.correct !== undefined);
  const average = (values: readonly number[]): number =>
    values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
  const latencies = answered.map((outcome) => outcome.latencyMs);
  return {
    variant: variant.name,
    strategy: variant.strategy,
    weight: variant.weight,
    asks: outcomes.length,
    errors: outcomes.length - answered.length,
    feedback: {
      count: scores.length,
      mean: scores.length === 0 ? null : clipInterval(mean(scores), feedbackScoreRange),
    },
    correct: {
      count: judged.length,
      rate: judged.length === 0 ? null : proportion(judged.filter((outcome) => outcome.correct).length, judged.length),
    },
    abstentionRate:
      answered.length === 0
        ? null
        : proportion(answered.filter((outcome) => outcome.abstained).length, answered.length),
    retrievalsPerAsk: average(answered.map((outcome) => outcome.retrievals)),
    tokensPerAsk: average(answered.map((outcome) => outcome.tokens)),
    latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
  };
}

function compare(
  controlName: string,
  control: readonly AskOutcome[],
  name: string,
  variant: readonly AskOutcome[],
): VariantComparison {
  const judged = (outcomes: readonly AskOutcome[]) => outcomes.filter((outcome) => outcome.correct !== undefined);
  const count = (outcomes: readonly AskOutcome[], test: (outcome: AskOutcome) => boolean) => ({
    successes: outcomes.filter(test).length,
    trials: outcomes.length,
  });
  const scores = (outcomes: readonly AskOutcome[]) =>
    outcomes.flatMap((outcome) => (outcome.score === undefined || outcome.failed ? [] : [outcome.score]));
  const answered = (outcomes: readonly AskOutcome[]) => outcomes.filter((outcome) => !outcome.failed);
  const [judgedControl, judgedVariant] = [judged(control), judged(variant)];
  const [scoresControl, scoresVariant] = [scores(control), scores(variant)];
  const [answeredControl, answeredVariant] = [answered(control), answered(variant)];
  return {
    variant: name,
    against: controlName,
    correct:
      judgedControl.length > 0 && judgedVariant.length > 0
        ? compareProportions(
            count(judgedControl, (outcome) => outcome.correct === true),
            count(judgedVariant, (outcome) => outcome.correct === true),
          )
        : null,
    feedback: scoresControl.length > 1 && scoresVariant.length > 1 ? compareMeans(scoresControl, scoresVariant) : null,
    abstention:
      answeredControl.length > 0 && answeredVariant.length > 0
        ? compareProportions(
            count(answeredControl, (outcome) => outcome.abstained),
            count(answeredVariant, (outcome) => outcome.abstained),
          )
        : null,
  };
}

function verdictOf(variants: readonly VariantResults[], comparisons: readonly VariantComparison[]): string {
  const usesCorrectness = variants.every((variant) => variant.correct.count > 0);
  const metric = usesCorrectness ? "correctness" : "feedback score";
  const counts = variants.map((variant) => (usesCorrectness ? variant.correct.count : variant.feedback.count));
  if (counts.some((count) => count < minimumPerVariant)) {
    const have = variants.map((variant, index) => `${variant.variant} ${counts[index]}`).join(", ");
    return `Not enough data yet: at least ${minimumPerVariant} answers with ${usesCorrectness ? "a correct/incorrect judgement" : "a feedback score"} per variant are needed to compare them (now ${have}).`;
  }
  return comparisons
    .map((comparison) => {
      const result = usesCorrectness ? comparison.correct : comparison.feedback;
      if (!result) return `${comparison.variant} vs ${comparison.against}: no ${metric} to compare.`;
      const interval = `${format(result.estimate)} (95% CI ${format(result.low)} to ${format(result.high)}, p = ${result.pValue.toFixed(3)})`;
      if (result.pValue >= 0.05)
        return `${comparison.variant} vs ${comparison.against}: no significant difference in ${metric} yet: ${interval}.`;
      return `${comparison.variant} is ${result.estimate > 0 ? "better" : "worse"} than ${comparison.against} on ${metric}: ${interval}.`;
    })
    .join(" ");
}

function format(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
}
