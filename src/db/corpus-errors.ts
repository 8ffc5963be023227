import { RecallError } from "../errors/recall-error.ts";

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
