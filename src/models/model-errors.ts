import { RecallError } from "../errors/recall-error.ts";

/** A model could not be found or loaded: a missing local folder, a hub id with no network, a broken file. */
export class ModelLoadError extends RecallError {
  override readonly name = "ModelLoadError";
  readonly code = "model_unavailable";

  constructor(
    readonly modelId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A model call was cancelled through its abort signal. */
export class ModelCallAbortedError extends RecallError {
  override readonly name = "ModelCallAbortedError";
  readonly code = "aborted";

  constructor(readonly modelId: string) {
    super(`The call to model ${modelId} was aborted before it finished.`);
  }
}

/** The caller asked a model for something it cannot do (bad options, an input longer than its context). */
export class ModelInputError extends RecallError {
  override readonly name = "ModelInputError";
  readonly code = "invalid_model_input";

  constructor(
    readonly modelId: string,
    message: string,
  ) {
    super(message);
  }
}
