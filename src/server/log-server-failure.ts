import type { Logger } from "../logging/logger.ts";

/**
 * Logs a failure that is the server's (a 5xx) under the request's id, with what its response leaves out: the error's
 * message and stack, and its cause's, where file paths, URLs and upstream answers may be.
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
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    ...(error instanceof Error && error.cause !== undefined
      ? { cause: error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : String(error.cause) }
      : {}),
  });
}
