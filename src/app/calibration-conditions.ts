import type { LanguageModelConfig } from "../config/config-schema.ts";
import type { CalibrationConditions } from "../db/schema.ts";
import type { ConditionDifference } from "../strategies/model-calibration.ts";

/** The settings of the language model that its calibration depends on, besides its id. */
export type LanguageRunSettings = Pick<LanguageModelConfig, "provider" | "dtype"> &
  Partial<Pick<LanguageModelConfig, "api" | "prefill">>;

/** A model given in hand (tests, scripts) counts as in-process with the default weights. */
export const inProcessDefaults: LanguageRunSettings = { provider: "transformers", dtype: "fp32" };

/**
 * The conditions the running language model's asks are made under: for an in-process model its weights variant, for
 * one on a server its endpoint (completions by default) and, on the chat endpoint, its prefill (instruction by
 * default); for both the name of the prompt format the loop speaks to it in.
 */
export function calibrationConditionsOf(settings: LanguageRunSettings, promptFormat: string): CalibrationConditions {
  if (settings.provider !== "openai-compatible") return { dtype: settings.dtype, promptFormat };
  const api = settings.api ?? "completions";
  return api === "chat" ? { promptFormat, api, prefill: settings.prefill ?? "instruction" } : { promptFormat, api };
}

const conditionNames = ["dtype", "promptFormat", "api", "prefill"] as const;

/**
 * Where the conditions a calibration was fitted under differ from the running ones: none when it holds. A calibration
 * stored without its conditions (before Recall recorded them) differs in every running condition.
 */
export function conditionDifferences(
  fitted: CalibrationConditions | null,
  running: CalibrationConditions,
): ConditionDifference[] {
  return conditionNames.flatMap((setting) => {
    const before = fitted === null ? "not recorded" : (fitted[setting] ?? "none");
    const now = running[setting] ?? "none";
    if (fitted !== null && before === now) return [];
    if (fitted === null && running[setting] === undefined) return [];
    return [{ setting, fitted: before, running: now }];
  });
}

/** "dtype fp32 (now q4), promptFormat bundled (now plain)": the differences, for a person. */
export function describeDifferences(differences: readonly ConditionDifference[]): string {
  return differences.map(({ setting, fitted, running }) => `${setting} ${fitted} (now ${running})`).join(", ");
}
