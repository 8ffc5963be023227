import { RecallError } from "../errors/recall-error.ts";

/** The configuration is unreadable or has a bad value; the message names the source and the field. */
export class ConfigError extends RecallError {
  override readonly name = "ConfigError";
  readonly code = "invalid_config";
  readonly status = 500;
}
