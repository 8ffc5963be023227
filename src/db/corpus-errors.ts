import { RecallError } from "../errors/recall-error.ts";

/** A corpus name that cannot be used as a table name. */
export class InvalidCorpusNameError extends RecallError {
  override readonly name = "InvalidCorpusNameError";
  readonly code = "invalid_corpus_name";
  readonly status = 400;

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
  readonly status = 404;

  constructor(readonly corpus: string) {
    super(
      `There is no corpus named "${corpus}". List the corpora with \`recall corpora list\`, or create it with \`recall index <paths> --corpus ${corpus}\`.`,
    );
  }
}

/** A corpus that already exists, asked to be created. */
export class CorpusExistsError extends RecallError {
  override readonly name = "CorpusExistsError";
  readonly code = "corpus_exists";
  readonly status = 409;

  constructor(readonly corpus: string) {
    super(
      `Corpus "${corpus}" already exists. Upload documents to it (POST /v1/corpora/${corpus}/documents), or pick another name.`,
    );
  }
}

/** Why a corpus that exists cannot be searched yet. */
export type CorpusUnreadiness = "empty" | "unfinished";

/**
 * A corpus that exists but cannot be searched: no index run has written a chunk into it (`empty`), or its first run
 * has not finished, so that it lacks the full-text index a finished run builds (`unfinished`).
 */
export class CorpusNotReadyError extends RecallError {
  override readonly name = "CorpusNotReadyError";
  readonly code = "corpus_not_ready";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly reason: CorpusUnreadiness,
  ) {
    super(
      reason === "empty"
        ? `Corpus "${corpus}" has no passages yet: no index run has written any (or every document failed). Run \`recall index <paths> --corpus ${corpus}\`, or upload documents (POST /v1/corpora/${corpus}/documents) it can read, then search again once their job has succeeded.`
        : `Corpus "${corpus}" is not ready: its indexing has not finished, so it has no full-text index yet. Wait for the run to finish, or re-run \`recall index <paths> --corpus ${corpus}\` if it stopped, then search again.`,
    );
  }
}

const corpusName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function assertCorpusName(corpus: string): void {
  if (!corpusName.test(corpus)) throw new InvalidCorpusNameError(corpus);
}
