import { RecallError } from "../errors/recall-error.ts";

/**
 * A corpus whose embedding model this server cannot load: its recorded folder is gone, its hub id is not cached while
 * offline, or it recorded no settings and the configured model is another. Dense search needs that model; full-text
 * search does not.
 */
export class CorpusModelUnavailableError extends RecallError {
  override readonly name = "CorpusModelUnavailableError";
  readonly code = "embedding_model_unavailable";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly model: string,
    readonly reason: string,
  ) {
    super(
      `Corpus "${corpus}" was embedded with ${model}, which cannot be loaded here: ${reason}. ` +
        `Make that model available again, or re-embed the corpus with another one (recall index <paths> --corpus ${corpus} --reembed --model <model>); ` +
        'mode "full-text" searches it meanwhile.',
    );
  }

  /** Without the server's paths: the operator reads those in the log. */
  override get clientMessage(): string {
    return (
      `Corpus "${this.corpus}" was embedded with a model this server cannot load now, so it cannot be searched densely; ` +
      'use mode "full-text", or ask the operator to make its model available or re-embed it.'
    );
  }
}
