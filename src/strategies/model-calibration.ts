import { type Calibration, noCalibration } from "../reasoning/finish-answer.ts";
import type { GateThresholds } from "../reasoning/retrieval-gate.ts";

/** What a language model's calibration fixes for its asks (fitted by `recall calibrate`). */
export interface ModelCalibration {
  readonly calibration: Calibration;
  readonly abstainBelow: number;
  /** Null when fitted without recall-then-retrieve's answers: its gate stays the neutral one. */
  readonly gate: GateThresholds | null;
}

/** A setting under which a stored calibration was fitted that differs from the running model's. */
export interface ConditionDifference {
  /** "dtype", "promptFormat", "api" or "prefill" (models.language's settings). */
  readonly setting: string;
  readonly fitted: string;
  readonly running: string;
}

/**
 * How the asks of the running language model are calibrated: the bundled tiny model (its own weights, in its own
 * format) by the strategies' own defaults (fitted on it), a model with a calibration stored under the running
 * conditions by that, any other model not at all; `differences` says why a stored calibration does not hold.
 */
export type AskCalibration =
  | { readonly kind: "bundled" }
  | { readonly kind: "fitted"; readonly fitted: ModelCalibration }
  | { readonly kind: "none"; readonly differences?: readonly ConditionDifference[] };

/**
 * The gate of a model without a fitted one: retrieve when the best step's reward is under one half or when no
 * majority of its siblings agree with it. Fitting starts from it too, so that a fit does not depend on the last one.
 */
export const neutralGate: GateThresholds = { retrieveBelow: 0.5, agreementBelow: 0.51 };

/** Abstain below an even chance: the threshold of a model without a calibration. */
export const neutralAbstainBelow = 0.5;

/** The strategies whose parameters include the retrieval gate. */
const gatedStrategies: ReadonlySet<string> = new Set(["recall-then-retrieve"]);

/**
 * The parameter defaults a strategy takes from the running model's calibration; the ask's own parameters go over
 * them, so that an explicit `calibration`, `abstainBelow` or gate still wins. The bundled model adds none: the
 * strategies' schema defaults are its calibration.
 */
export function calibrationDefaults(strategy: string, calibration: AskCalibration): Record<string, unknown> {
  if (calibration.kind === "bundled") return {};
  const settings =
    calibration.kind === "fitted"
      ? {
          calibration: calibration.fitted.calibration,
          abstainBelow: calibration.fitted.abstainBelow,
          gate: calibration.fitted.gate ?? neutralGate,
        }
      : { calibration: noCalibration, abstainBelow: neutralAbstainBelow, gate: neutralGate };
  return {
    calibration: settings.calibration,
    abstainBelow: settings.abstainBelow,
    ...(gatedStrategies.has(strategy) ? settings.gate : {}),
  };
}

/** Whether an ask with these (validated) parameters gets a calibrated confidence. */
export function isCalibrated(parameters: unknown): boolean {
  if (typeof parameters !== "object" || parameters === null || !("calibration" in parameters)) return true;
  return parameters.calibration !== noCalibration;
}
