import type { Limits } from "../config/config-schema.ts";
import { RecallError } from "../errors/recall-error.ts";

/** A number option over the limit the server holds the same field to. */
export class OptionOverLimitError extends RecallError {
  override readonly name = "OptionOverLimitError";
  readonly code = "limit_exceeded";
  readonly status = 400;
}

/** The option's value when it is within limits[key] (as the API would take it); undefined passes through. */
export function withinLimit<T extends number | undefined>(
  value: T,
  limits: Limits,
  key: "k" | "rerankCandidates" | "samples",
  option: string,
): T {
  if (value !== undefined && value > limits[key])
    throw new OptionOverLimitError(
      `${option} ${value} is over limits.${key} (${limits[key]}): ask for fewer, or raise server.limits.${key} in the config.`,
    );
  return value;
}
