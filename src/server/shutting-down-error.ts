import { RecallError } from "../errors/recall-error.ts";

/**
 * The server is shutting down: a request that came during the drain (refused at once), or one still running when
 * the grace period ended (aborted). Either way another replica, or this one once restarted, can take it.
 */
export class ShuttingDownError extends RecallError {
  override readonly name = "ShuttingDownError";
  readonly code = "shutting_down";
  readonly status = 503;

  constructor(
    message = "The server is shutting down and takes no new requests. Send the request again: another replica, or this one once it has restarted, will answer it.",
  ) {
    super(message);
  }

  /** For a request still running when the grace period ended. */
  static afterGrace(graceMs: number): ShuttingDownError {
    return new ShuttingDownError(
      `The server shut down before this request finished (requests in flight had ${graceMs} ms to finish). Send it again.`,
    );
  }

  override get clientMessage(): string {
    return this.message;
  }
}
