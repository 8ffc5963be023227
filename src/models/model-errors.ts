import { RecallError } from "../errors/recall-error.ts";

/**
 * A model could not be found, loaded or reached: a missing local folder, a hub id with no network, a broken file, a
 * model server that does not answer. The message, for the operator, names the folder or URL and what went wrong; a
 * remote client is told only that the model is unavailable.
 */
export class ModelLoadError extends RecallError {
  override readonly name = "ModelLoadError";
  readonly code = "model_unavailable";
  readonly status = 503;

  constructor(
    readonly modelId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  override get clientMessage(): string {
    return "A model this request needs is unavailable: it could not be loaded, or its server did not answer. The cause is in the server's log; try again later, or tell the server's operator.";
  }
}

/** A model call was cancelled through its abort signal. */
export class ModelCallAbortedError extends RecallError {
  override readonly name = "ModelCallAbortedError";
  readonly code = "aborted";
  readonly status = 499;

  constructor(readonly modelId: string) {
    super(`The call to model ${modelId} was aborted before it finished.`);
  }
}

/** The caller asked a model for something it cannot do (bad options, an input longer than its context). */
export class ModelInputError extends RecallError {
  override readonly name = "ModelInputError";
  readonly code = "invalid_model_input";
  readonly status = 400;

  constructor(
    readonly modelId: string,
    message: string,
  ) {
    super(message);
  }
}
