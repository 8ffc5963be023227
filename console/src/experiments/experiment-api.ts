/** What the experiment routes answer, as the console reads it (GET /v1/experiments, results, /v1/strategies). */

export type ExperimentStatus = "running" | "paused" | "stopped";

/** A variant: a strategy with its parameters, and its share of the traffic relative to the others' weights. */
export interface Variant {
  readonly name: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly weight: number;
}

export interface Experiment {
  readonly name: string;
  readonly description: string;
  readonly corpus: string | null;
  readonly status: ExperimentStatus;
  /** The first is the control that the others are compared with. */
  readonly variants: readonly Variant[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An estimate and its 95% interval. */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** A variant minus the control: the difference, its 95% interval and two-sided p-value. */
export interface Comparison extends Interval {
  readonly pValue: number;
  readonly test: string;
}

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
  readonly variant: string;
  readonly against: string;
  readonly correct: Comparison | null;
  readonly feedback: Comparison | null;
  readonly abstention: Comparison | null;
}

/** GET /v1/experiments/{name}/results. */
export interface ExperimentResults {
  readonly experiment: string;
  readonly status: ExperimentStatus;
  readonly variants: readonly VariantResults[];
  readonly comparisons: readonly VariantComparison[];
  /** A plain reading of the comparisons, or why there is not enough data yet. */
  readonly verdict: string;
}

/** A strategy of GET /v1/strategies: its parameters as JSON Schema, defaults included. */
export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
  readonly parameters: {
    readonly properties?: Readonly<Record<string, { readonly default?: unknown; readonly type?: string }>>;
  };
}

/** The path of an experiment's resource: its name encoded. */
export function experimentPath(name: string, rest = ""): string {
  return `/v1/experiments/${encodeURIComponent(name)}${rest}`;
}
