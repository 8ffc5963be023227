import { CorpusNotFoundError } from "../db/corpus-errors.ts";
import { findCorpus } from "../db/corpus-records.ts";
import type { Database } from "../db/database.ts";
import { deleteExperiment, type ExperimentRecord } from "../db/experiment-records.ts";
import { experimentDefinitionSchema } from "../experiments/experiment-definition.ts";
import { ExperimentNotFoundError } from "../experiments/experiment-errors.ts";
import {
  changeExperiment,
  createExperiment,
  type ExperimentAction,
  getExperiment,
  listExperiments,
} from "../experiments/experiment-lifecycle.ts";
import { type ExperimentResults, experimentResults } from "../experiments/experiment-results.ts";
import { type Access, fullAccess, mayUseCorpus, requireCorpus, requireScope } from "./access.ts";

/**
 * The experiments use cases. Creating, changing and deleting one needs the admin scope; an experiment on a corpus the
 * access may not use is not found.
 */
export class ExperimentService {
  constructor(private readonly db: Database) {}

  /** Creates a running experiment; its corpus must exist. */
  async create(input: unknown, access: Access = fullAccess): Promise<ExperimentRecord> {
    requireScope(access, "admin");
    const parsed = experimentDefinitionSchema.safeParse(input);
    const corpus = parsed.success ? parsed.data.corpus : undefined;
    if (corpus !== undefined) {
      requireCorpus(access, corpus);
      if (!(await findCorpus(this.db, corpus))) throw new CorpusNotFoundError(corpus);
    }
    return createExperiment(this.db, input);
  }

  /** Pauses, resumes or stops an experiment. */
  async change(name: string, action: ExperimentAction, access: Access = fullAccess): Promise<ExperimentRecord> {
    requireScope(access, "admin");
    await this.get(name, access);
    return changeExperiment(this.db, name, action);
  }

  /**
   * Deletes an experiment. The asks recorded through it stay recorded (they name it as plain text); an unknown one, or
   * one on a corpus the access may not use, is an ExperimentNotFoundError (404), also when a concurrent delete won.
   */
  async delete(name: string, access: Access = fullAccess): Promise<void> {
    requireScope(access, "admin");
    await this.get(name, access);
    if (!(await deleteExperiment(this.db, name))) throw new ExperimentNotFoundError(name);
  }

  /** The experiments the access may see: those on a corpus it may use, and those that name none. */
  async list(access: Access = fullAccess): Promise<ExperimentRecord[]> {
    return (await listExperiments(this.db)).filter((record) => mayRead(access, record));
  }

  async get(name: string, access: Access = fullAccess): Promise<ExperimentRecord> {
    const record = await getExperiment(this.db, name);
    if (!mayRead(access, record)) throw new ExperimentNotFoundError(name);
    return record;
  }

  async results(name: string, access: Access = fullAccess): Promise<ExperimentResults> {
    return experimentResults(this.db, await this.get(name, access));
  }
}

function mayRead(access: Access, record: ExperimentRecord): boolean {
  return record.corpus === null || mayUseCorpus(access, record.corpus);
}
