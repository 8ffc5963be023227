import { RecallError } from "../src/errors/recall-error.ts";

/** The corpus was indexed with another embedding model; mixing vectors of two models would make search meaningless. */
export class EmbeddingModelMismatchError extends RecallError {
  override readonly name = "EmbeddingModelMismatchError";
  readonly code = "embedding_model_mismatch";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly corpusModel: string,
    readonly corpusDimensions: number,
    readonly requestedModel: string,
    readonly requestedDimensions: number,
  ) {
    super(
      `Corpus "${corpus}" is indexed with ${corpusModel} (${corpusDimensions} dimensions), not ${requestedModel} (${requestedDimensions}). ` +
        "Index it with the same model, or add --reembed to build new vectors with the new model; the old ones stay searchable until the new ones are complete.",
    );
  }
}
