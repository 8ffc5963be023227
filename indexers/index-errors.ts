import { RecallError } from "../src/errors/recall-error.ts";

/** Another run is writing the corpus: one writer at a time, so that nothing is doubled or lost. */
export class CorpusBusyError extends RecallError {
  override readonly name = "CorpusBusyError";
  readonly code = "corpus_busy";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly job: string,
    readonly since: string,
    readonly until: string,
  ) {
    super(
      `Corpus "${corpus}" is being indexed by job ${job}${since ? ` (since ${since})` : ""}: one run writes a corpus at a time. ` +
        `Wait for it to finish and run again; if its process died, its lease expires${until ? ` at ${until}` : " shortly"} and the next run takes over.`,
    );
  }
}

/** Different chunking for a corpus that has its own: re-chunking every document is asked for explicitly. */
export class ChunkingChangeError extends RecallError {
  override readonly name = "ChunkingChangeError";
  readonly code = "chunking_change";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly recorded: { readonly chunkSize: number; readonly overlap: number },
    readonly requested: { readonly chunkSize: number; readonly overlap: number },
  ) {
    super(
      `Corpus "${corpus}" is chunked at ${recorded.chunkSize} tokens with ${recorded.overlap} of overlap; ` +
        `${requested.chunkSize} and ${requested.overlap} would re-chunk and re-embed every document, and change what searches return. ` +
        "Leave --chunk-size and --overlap out to keep the corpus's chunking, or add --rechunk to change it.",
    );
  }
}

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

/**
 * A new version of the corpus (a re-embed or re-chunk) is being built with other settings than this run's: only a
 * run that asks for a new version itself may replace it.
 */
export class VersionInProgressError extends RecallError {
  override readonly name = "VersionInProgressError";
  readonly code = "version_in_progress";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly table: string,
  ) {
    super(
      `A new version of corpus "${corpus}" (${table}) is being built with another model or chunking than this run's. ` +
        "Run `recall index` with the corpus's sources and no model or chunking options to finish it, or add --reembed or --rechunk to replace it with this run's settings.",
    );
  }
}
