import { RecallError } from "../errors/recall-error.ts";

/** A model's queue is full: the request is refused at once (429) rather than slowing every request in flight. */
export class ModelOverloadedError extends RecallError {
  override readonly name = "ModelOverloadedError";
  readonly code = "overloaded";
  readonly status = 429;
  /** A client should wait about this long before trying again. */
  override readonly retryAfterSeconds = 1;

  constructor(
    readonly modelId: string,
    readonly queued: number,
  ) {
    super(
      `The server is busy: ${queued} requests are already waiting for model ${modelId}. Try again in a second, or raise runtime.maxQueuedRequests.`,
    );
  }
}
