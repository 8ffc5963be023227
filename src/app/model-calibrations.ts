import type { RetrievalMode } from "../../retrievers/passage.ts";
import type { Database } from "../db/database.ts";
import {
  findModelCalibration,
  type ModelCalibrationRecord,
  saveModelCalibration,
} from "../db/model-calibration-records.ts";
import type { CalibrationConditions } from "../db/schema.ts";
import type { EvaluationQuestion } from "../evaluation/ask-dataset.ts";
import type { QuestionAsker } from "../evaluation/evaluate-ask.ts";
import { type CalibrationFit, fitModelCalibration } from "../evaluation/fit-model-calibration.ts";
import type { AskCalibration } from "../strategies/model-calibration.ts";
import { type StrategyName, strategyNames } from "../strategies/strategies.ts";
import { isBundledGeneratorId } from "./bundled-generator.ts";
import { conditionDifferences } from "./calibration-conditions.ts";

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
 * The language models' calibrations: fitted on labelled questions, stored per model id in SQL with the conditions
 * they were fitted under, and looked up for the running model, then kept for `keptForMs` (a fit in this process
 * replaces what is kept at once; another process's, a replica's or `recall calibrate`'s, is read once that has
 * passed).
 */
export class ModelCalibrations {
  private kept: { readonly key: string; readonly calibration: AskCalibration; readonly at: number } | undefined;

  constructor(
    private readonly db: Database,
    private readonly keptForMs = 30_000,
  ) {}

  /** How the asks of this model, run under these conditions, are calibrated. */
  async of(modelId: string, conditions: CalibrationConditions): Promise<AskCalibration> {
    const key = keyOf(modelId, conditions);
    if (this.kept?.key === key && performance.now() - this.kept.at < this.keptForMs) return this.kept.calibration;
    const calibration = await readAskCalibration(this.db, modelId, conditions);
    this.kept = { key, calibration, at: performance.now() };
    return calibration;
  }

  /**
   * Fits the model's calibration on its answers (asked through `ask`, under `conditions`), stores it with them and
   * uses it from now on.
   */
  async fit(
    modelId: string,
    conditions: CalibrationConditions,
    request: CalibrateRequest,
    ask: QuestionAsker,
  ): Promise<CalibrationResult> {
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
      conditions,
    });
    this.kept = { key: keyOf(modelId, conditions), calibration: askCalibrationOf(record), at: performance.now() };
    return { record, fit };
  }
}

/**
 * How a model's asks are calibrated: by its stored calibration, when it was fitted under the running conditions;
 * else, for the bundled tiny model on its own weights (fp32) in its own format, by the strategies' defaults (fitted
 * on it by scripts/fit-strategy-defaults.ts); else not at all, saying how a stored calibration's conditions differ.
 */
export async function readAskCalibration(
  db: Database,
  modelId: string,
  conditions: CalibrationConditions,
): Promise<AskCalibration> {
  const record = await findModelCalibration(db, modelId);
  const differences = record ? conditionDifferences(record.conditions, conditions) : [];
  if (record && differences.length === 0) return askCalibrationOf(record);
  if (isBundledGeneratorId(modelId) && conditions.dtype === "fp32" && conditions.promptFormat === "bundled")
    return { kind: "bundled" };
  return differences.length === 0 ? { kind: "none" } : { kind: "none", differences };
}

function keyOf(modelId: string, conditions: CalibrationConditions): string {
  const { dtype, promptFormat, api, prefill } = conditions;
  return JSON.stringify([modelId, dtype, promptFormat, api, prefill]);
}

function askCalibrationOf(record: ModelCalibrationRecord): AskCalibration {
  const gate =
    record.retrieveBelow === null || record.agreementBelow === null
      ? null
      : { retrieveBelow: record.retrieveBelow, agreementBelow: record.agreementBelow };
  return { kind: "fitted", fitted: { calibration: record.calibration, abstainBelow: record.abstainBelow, gate } };
}
