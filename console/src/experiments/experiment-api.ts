/**
 * What the experiment routes answer (GET /v1/experiments, its results): the server's own types where it
 * has them (types only: nothing of the server is bundled), so that the console cannot drift from them.
 */
import type { ExperimentRecord, ExperimentStatus } from "../../../src/db/experiment-records.ts";
import type { ExperimentResults as Results } from "../../../src/experiments/experiment-results.ts";

export type { ExperimentStatus } from "../../../src/db/experiment-records.ts";
export type { VariantRecord as Variant } from "../../../src/db/schema.ts";
export type { VariantComparison, VariantResults } from "../../../src/experiments/experiment-results.ts";
export type { Comparison, Interval } from "../../../src/statistics/statistics.ts";

/** An experiment as the routes answer it: these fields of its record; the first variant is the control. */
export type Experiment = Pick<
  ExperimentRecord,
  "name" | "description" | "corpus" | "status" | "variants" | "createdAt" | "updatedAt"
>;

/** GET /v1/experiments/{name}/results: the results less each answer (the route leaves them out); the status is the experiment's. */
export type ExperimentResults = Omit<Results, "answers" | "status"> & { readonly status: ExperimentStatus };

/** The path of an experiment's resource: its name encoded. */
export function experimentPath(name: string, rest = ""): string {
  return `/v1/experiments/${encodeURIComponent(name)}${rest}`;
}
