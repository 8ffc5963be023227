import type { Logger } from "../logging/logger.ts";

/** The command line's logger: human-readable lines on standard error, so that standard output stays parseable. */
export function createCliLogger(options: { verbose?: boolean } = {}): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    process.stderr.write(`${level === "info" ? "" : `${level}: `}${message}${suffix}\n`);
  };
  return {
    debug: (message, fields) => {
      if (options.verbose) write("debug", message, fields);
    },
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warning", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}
