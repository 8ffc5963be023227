import { RecallError } from "../errors/recall-error.ts";

/**
 * The client closed the connection before its request was read or answered (nginx's 499): nobody is left to answer,
 * and it is not the server's failure.
 */
export class ClientClosedError extends RecallError {
  override readonly name = "ClientClosedError";
  readonly code = "client_closed";
  readonly status = 499;

  constructor(options?: { cause?: unknown }) {
    super("The client closed the connection before the request was answered.", options);
  }
}

/** Whether an error is Node.js telling that a request's connection went away while it was read ("aborted"). */
export function isConnectionAbort(error: unknown): boolean {
  return error instanceof Error && error.message === "aborted" && (error as { code?: unknown }).code === "ECONNRESET";
}
