import type { Logger } from "../logging/logger.ts";
import { withoutQueryParameters } from "../logging/without-query-parameters.ts";

function describe(error: unknown): string {
  return withoutQueryParameters(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

/**
 * Logs a failure that is the server's (a 5xx) under the request's id, with what its response leaves out: the error's
 * message and stack, and its cause's, where file paths, URLs and upstream answers may be (but not the values a
 * failed SQL query was sent).
 */
export function logServerFailure(
  logger: Logger,
  message: string,
  failure: { readonly requestId: string; readonly path: string; readonly code: string; readonly error: unknown },
): void {
  const { error } = failure;
  logger.error(message, {
    requestId: failure.requestId,
    path: failure.path,
    code: failure.code,
    error: describe(error),
    ...(error instanceof Error && error.cause !== undefined ? { cause: describe(error.cause) } : {}),
  });
}
