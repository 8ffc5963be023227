import { RecallError } from "../errors/recall-error.ts";

/** A request that ran past its deadline (server.requestTimeoutMs): its work was aborted. */
export class DeadlineExceededError extends RecallError {
  override readonly name = "DeadlineExceededError";
  readonly code = "deadline_exceeded";
  readonly status = 504;

  constructor(readonly timeoutMs: number) {
    super(
      `The request took longer than ${timeoutMs} ms (server.requestTimeoutMs) and was stopped. Ask something smaller (fewer samples or steps), try again when the server is less busy, or raise the limit.`,
    );
  }

  override get clientMessage(): string {
    return this.message;
  }
}
