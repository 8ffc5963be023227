import { type DestinationStream, pino } from "pino";
import type { Logger } from "./logger.ts";

export interface JsonLoggerOptions {
  /** Where the lines go: standard output by default; tests pass an object that keeps them. */
  readonly destination?: DestinationStream;
  /** The least severe level written (default "info"). */
  readonly level?: "debug" | "info" | "warn" | "error";
}

/**
 * A Recall API key anywhere in a line ("rk_" and 43 base64url characters; see src/app/api-keys.ts). No log line is
 * meant to carry one; this is the last guard, for a key a client put where a message quotes it.
 */
const apiKey = /rk_[A-Za-z0-9_-]{43}/g;

/**
 * A logger that writes one JSON object a line through pino: `level` (a name), `time` (ISO 8601), `pid`, `hostname`,
 * `msg` and the fields. Authorization headers are redacted wherever they appear in the fields, and an API key is
 * masked anywhere in a line.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ["authorization", "*.authorization", "headers.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
      hooks: { streamWrite: (line) => line.replace(apiKey, "rk_[redacted]") },
    },
    options.destination ?? pino.destination(1),
  );
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}
