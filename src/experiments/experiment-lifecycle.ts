import type { Database } from "../db/database.ts";
import {
  type ExperimentRecord,
  findExperiment,
  insertExperiment,
  listExperiments,
  setExperimentStatus,
} from "../db/experiment-records.ts";
import { experimentDefinitionSchema } from "./experiment-definition.ts";
import {
  ExperimentExistsError,
  ExperimentNotFoundError,
  ExperimentStoppedError,
  InvalidExperimentError,
} from "./experiment-errors.ts";

export type ExperimentAction = "pause" | "resume" | "stop";
const statusAfter = { pause: "paused", resume: "running", stop: "stopped" } as const;

/**
 * Creates a running experiment from a definition (validated here: the API and the command line share this). A name
 * that is taken fails with ExperimentExistsError, also when two creates of one name race.
 */
export async function createExperiment(db: Database, input: unknown): Promise<ExperimentRecord> {
  const parsed = experimentDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "experiment";
    throw new InvalidExperimentError(
      `Invalid field "${field}" of the experiment: ${issue?.message ?? "invalid value"}.`,
    );
  }
  const definition = parsed.data;
  const inserted = await insertExperiment(db, {
    name: definition.name,
    description: definition.description,
    corpus: definition.corpus ?? null,
    status: "running",
    variants: definition.variants,
  });
  if (!inserted) throw new ExperimentExistsError(definition.name);
  return inserted;
}

export async function getExperiment(db: Database, name: string): Promise<ExperimentRecord> {
  const record = await findExperiment(db, name);
  if (!record) throw new ExperimentNotFoundError(name);
  return record;
}

/** Pauses, resumes or stops an experiment; a stopped one stays stopped (its results are final). */
export async function changeExperiment(
  db: Database,
  name: string,
  action: ExperimentAction,
): Promise<ExperimentRecord> {
  const record = await getExperiment(db, name);
  if (record.status === "stopped" && action !== "stop") throw new ExperimentStoppedError(record.name);
  await setExperimentStatus(db, record.name, statusAfter[action]);
  return getExperiment(db, name);
}

export { listExperiments };
