import { RecallError } from "../src/errors/recall-error.ts";

/** A corpus name that cannot be used as a table name. */
export class InvalidCorpusNameError extends RecallError {
  override readonly name = "InvalidCorpusNameError";
  readonly code = "invalid_corpus_name";

  constructor(readonly corpus: string) {
    super(
      `"${corpus}" is not a valid corpus name: use 1 to 64 letters, digits, "_" or "-", starting with a letter or digit.`,
    );
  }
}

/** The corpus was indexed with another embedding model; mixing vectors of two models would make search meaningless. */
export class EmbeddingModelMismatchError extends RecallError {
  override readonly name = "EmbeddingModelMismatchError";
  readonly code = "embedding_model_mismatch";

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

/** A corpus that does not exist. */
export class CorpusNotFoundError extends RecallError {
  override readonly name = "CorpusNotFoundError";
  readonly code = "corpus_not_found";

  constructor(readonly corpus: string) {
    super(
      `There is no corpus named "${corpus}". List the corpora with \`recall corpora list\`, or create it with \`recall index <paths> --corpus ${corpus}\`.`,
    );
  }
}

const corpusName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function assertCorpusName(corpus: string): void {
  if (!corpusName.test(corpus)) throw new InvalidCorpusNameError(corpus);
}
