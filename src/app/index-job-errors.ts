import { RecallError } from "../errors/recall-error.ts";

/** A job that does not exist, or belongs to a corpus the key may not use (which does not exist for it either). */
export class JobNotFoundError extends RecallError {
  override readonly name = "JobNotFoundError";
  readonly code = "job_not_found";
  readonly status = 404;

  constructor(readonly job: string) {
    super(
      `There is no job "${job.slice(0, 100)}" that this key may see. A job's id is in the answer to its upload (job.id).`,
    );
  }
}

/** A document a corpus does not have. */
export class DocumentNotFoundError extends RecallError {
  override readonly name = "DocumentNotFoundError";
  readonly code = "document_not_found";
  readonly status = 404;

  constructor(
    readonly corpus: string,
    readonly document: string,
  ) {
    super(
      `Corpus "${corpus}" has no document "${document.slice(0, 200)}". A document's id is the uploaded file's name, the id a JSON document was sent with, or its documentId in search results.`,
    );
  }
}

/** An uploaded file whose name is no file name (empty, a folder, hidden) once its folders are taken off. */
export class InvalidFileNameError extends RecallError {
  override readonly name = "InvalidFileNameError";
  readonly code = "invalid_file_name";
  readonly status = 400;

  constructor(readonly fileName: string) {
    super(
      `The uploaded file name "${fileName.slice(0, 200)}" cannot name a document: send a name such as notes.md (folders are dropped, and it may not be empty or start with ".").`,
    );
  }
}

/** Two uploaded files (or sent documents) of one upload that would be the same document. */
export class DuplicateDocumentError extends RecallError {
  override readonly name = "DuplicateDocumentError";
  readonly code = "duplicate_document";
  readonly status = 400;

  constructor(readonly document: string) {
    super(
      `The upload names document "${document.slice(0, 200)}" twice (file names lose their folders): send each document once, or rename one.`,
    );
  }
}

/** An uploaded file of a type no loader reads: the whole upload is refused before anything is written. */
export class UnsupportedFileTypeError extends RecallError {
  override readonly name = "UnsupportedFileTypeError";
  readonly code = "unsupported_file_type";
  readonly status = 415;

  constructor(
    readonly fileName: string,
    readonly supported: readonly string[],
  ) {
    super(
      `The uploaded file "${fileName.slice(0, 200)}" is of a type Recall cannot read (supported: ${supported.join(", ")}). Nothing was indexed: leave it out, or convert it, and upload again.`,
    );
  }
}

/** An embedding model for a new corpus other than the one this server runs. */
export class EmbeddingModelNotServedError extends RecallError {
  override readonly name = "EmbeddingModelNotServedError";
  readonly code = "embedding_model_not_served";
  readonly status = 400;

  constructor(
    readonly requested: string,
    readonly served: string,
  ) {
    super(
      `This server embeds with ${served}, not ${requested.slice(0, 200)}: leave "model" out, or name ${served}. Another model is configured on the server (models.embedding).`,
    );
  }
}

/** A job stopped by a shutdown, or whose server stopped: its documents already indexed stay, the rest are not. */
export class JobInterruptedError extends RecallError {
  override readonly name = "JobInterruptedError";
  readonly code = "job_interrupted";
  readonly status = 503;

  constructor() {
    super(
      "The server stopped before the job finished. Upload the same documents again: those already indexed are skipped, the rest are indexed.",
    );
  }

  /** The message says nothing of the server's insides, and tells the client what to do. */
  override get clientMessage(): string {
    return this.message;
  }
}

/** Chunking whose overlap is not below its chunk size. */
export class InvalidChunkingError extends RecallError {
  override readonly name = "InvalidChunkingError";
  readonly code = "invalid_chunking";
  readonly status = 400;

  constructor(
    readonly chunkSize: number,
    readonly overlap: number,
  ) {
    super(
      `An overlap of ${overlap} tokens needs chunks longer than that (chunkSize is ${chunkSize}): send a smaller "overlap" or a larger "chunkSize".`,
    );
  }
}

/**
 * A corpus building a new version (a re-embed or re-chunk: its pending table): an upload would be written only to the
 * version being built, which no search reads until it is switched to, so uploads and deletes wait for the switch.
 */
export class CorpusRebuildingError extends RecallError {
  override readonly name = "CorpusRebuildingError";
  readonly code = "corpus_rebuilding";
  readonly status = 409;

  constructor(
    readonly corpus: string,
    readonly table: string,
  ) {
    super(
      `Corpus "${corpus}" is building a new version (a re-embed or re-chunk into ${table}): uploads and deletes are accepted again once it is switched to. A \`recall index\` run with the corpus's sources finishes it.`,
    );
  }
}

/** A corpus with as many upload jobs waiting as server.limits.queuedUploadJobs allows (429). */
export class UploadQueueFullError extends RecallError {
  override readonly name = "UploadQueueFullError";
  readonly code = "upload_queue_full";
  readonly status = 429;
  override readonly retryAfterSeconds = 10;

  constructor(
    readonly corpus: string,
    readonly limit: number,
  ) {
    super(
      `Corpus "${corpus}" has ${limit} uploads waiting to be indexed (server.limits.queuedUploadJobs): wait for one to finish (GET /v1/jobs/{id}) and upload again, or upload more documents at once.`,
    );
  }
}
