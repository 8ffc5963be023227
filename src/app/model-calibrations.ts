import type { RetrievalMode } from "../../retrievers/passage.ts";
import type { Database } from "../db/database.ts";
import {
  findModelCalibration,
  type ModelCalibrationRecord,
  saveModelCalibration,
} from "../db/model-calibration-records.ts";
import type { EvaluationQuestion } from "../evaluation/ask-dataset.ts";
import type { QuestionAsker } from "../evaluation/evaluate-ask.ts";
import { type CalibrationFit, fitModelCalibration } from "../evaluation/fit-model-calibration.ts";
import type { AskCalibration } from "../strategies/model-calibration.ts";
import { type StrategyName, strategyNames } from "../strategies/strategies.ts";
import { bundledGeneratorId } from "./bundled-generator.ts";

/** What `recall calibrate` fits a model on. */
export interface CalibrateRequest {
  /** Labelled questions (`readAskDataset`), and the files they came from. */
  readonly questions: readonly EvaluationQuestion[];
  readonly datasets: readonly string[];
  readonly corpus: string;
  /** Whose answers to fit on (default: every strategy). */
  readonly strategies?: readonly StrategyName[] | undefined;
  readonly mode?: RetrievalMode | undefined;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A stored calibration with the fit that made it (the gates tried). */
export interface CalibrationResult {
  readonly record: ModelCalibrationRecord;
  readonly fit: CalibrationFit;
}

/**
 * The language models' calibrations: fitted on labelled questions, stored per model id in SQL, and looked up for
 * the running model once, then kept (a fit in this process replaces what is kept; another process's fit is read at
 * the next start).
 */
export class ModelCalibrations {
  private kept: { readonly modelId: string; readonly calibration: AskCalibration } | undefined;

  constructor(private readonly db: Database) {}

  /** How the asks of this model are calibrated. */
  async of(modelId: string): Promise<AskCalibration> {
    if (this.kept?.modelId === modelId) return this.kept.calibration;
    const calibration = await readAskCalibration(this.db, modelId);
    this.kept = { modelId, calibration };
    return calibration;
  }

  /** Fits the model's calibration on its answers (asked through `ask`), stores it and uses it from now on. */
  async fit(modelId: string, request: CalibrateRequest, ask: QuestionAsker): Promise<CalibrationResult> {
    const strategies = request.strategies ?? strategyNames;
    const fit = await fitModelCalibration(ask, request.questions, {
      corpus: request.corpus,
      strategies,
      ...(request.mode ? { mode: request.mode } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
    const record = await saveModelCalibration(this.db, {
      modelId,
      calibration: fit.calibration,
      abstainBelow: fit.abstainBelow,
      retrieveBelow: fit.gate?.retrieveBelow ?? null,
      agreementBelow: fit.gate?.agreementBelow ?? null,
      questions: fit.questions,
      datasets: [...request.datasets],
      corpus: request.corpus,
      strategies: [...strategies],
    });
    this.kept = { modelId, calibration: askCalibrationOf(record) };
    return { record, fit };
  }
}

/**
 * How a model's asks are calibrated: by its stored calibration; else, for the bundled tiny model, by the
 * strategies' defaults (fitted on it by scripts/fit-strategy-defaults.ts); else not at all.
 */
export async function readAskCalibration(db: Database, modelId: string): Promise<AskCalibration> {
  const record = await findModelCalibration(db, modelId);
  if (record) return askCalibrationOf(record);
  return modelId === bundledGeneratorId() ? { kind: "bundled" } : { kind: "none" };
}

function askCalibrationOf(record: ModelCalibrationRecord): AskCalibration {
  const gate =
    record.retrieveBelow === null || record.agreementBelow === null
      ? null
      : { retrieveBelow: record.retrieveBelow, agreementBelow: record.agreementBelow };
  return { kind: "fitted", fitted: { calibration: record.calibration, abstainBelow: record.abstainBelow, gate } };
}
