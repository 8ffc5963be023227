import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** A named collection of documents, indexed into one LanceDB table with one embedding model. */
export const corpora = sqliteTable("corpora", {
  name: text("name").primaryKey(),
  embeddingModel: text("embedding_model").notNull(),
  dimensions: integer("dimensions").notNull(),
  /** The LanceDB table that answers queries. */
  activeTable: text("active_table").notNull(),
  /** A table being filled by a re-embed; it replaces `activeTable` when the re-embed finishes. */
  pendingTable: text("pending_table"),
  pendingModel: text("pending_model"),
  pendingDimensions: integer("pending_dimensions"),
  /**
   * How to load the model that made the active table's vectors (provider, model, prefixes, pooling, base URL; never
   * a secret), so that a server searches every corpus with its own model. Null for a corpus indexed before it was
   * recorded: its `embeddingModel` id is all there is.
   */
  embeddingSettings: text("embedding_settings", { mode: "json" }).$type<RecordedEmbeddingSettings>(),
  /** The same for the table a re-embed or re-chunk is filling. */
  pendingSettings: text("pending_settings", { mode: "json" }).$type<RecordedEmbeddingSettings>(),
  chunkSize: integer("chunk_size").notNull(),
  chunkOverlap: integer("chunk_overlap").notNull(),
  /** The chunking of the pending table (a re-chunk): it becomes the corpus's own when the table becomes active. */
  pendingChunkSize: integer("pending_chunk_size"),
  pendingChunkOverlap: integer("pending_chunk_overlap"),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

/** An embedding model's settings as a corpus records them: enough to load it again, without secrets. */
export interface RecordedEmbeddingSettings {
  readonly provider: "transformers" | "openai-compatible" | "llm2vec-gen";
  readonly model: string;
  readonly dtype?: string;
  readonly queryPrefix?: string;
  readonly passagePrefix?: string;
  readonly pooling?: "mean" | "cls";
  readonly baseUrl?: string;
}

/**
 * A corpus table that stopped serving (a re-embed or re-chunk replaced it): readers that opened it before the switch
 * may still read it, so it is dropped only once its grace period has passed.
 */
export const retiredTables = sqliteTable("retired_tables", {
  name: text("name").primaryKey(),
  corpus: text("corpus").notNull(),
  retiredAt: text("retired_at").notNull().default(now),
  /** ISO time after which it may be dropped. */
  dropAfter: text("drop_after").notNull(),
});

/** A source document of a corpus: where it came from, its content hash, and whether its chunks are written. */
export const documents = sqliteTable(
  "documents",
  {
    corpus: text("corpus")
      .notNull()
      .references(() => corpora.name, { onDelete: "cascade" }),
    id: text("id").notNull(),
    uri: text("uri").notNull(),
    title: text("title").notNull(),
    contentHash: text("content_hash").notNull(),
    /** The LanceDB table that holds its chunks (changes when the corpus is re-embedded). */
    tableName: text("table_name").notNull(),
    /** "indexed" once every chunk is in the table. */
    status: text("status", { enum: ["indexed", "pending"] }).notNull(),
    chunkCount: integer("chunk_count").notNull(),
    /** The job that last wrote this document (used by --prune and by re-embedding). */
    jobId: text("job_id").notNull(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (table) => [
    primaryKey({ columns: [table.corpus, table.id] }),
    // A page of one status's documents (GET /v1/corpora/{name}/documents?status=…): a walk down this index by id.
    index("documents_corpus_status").on(table.corpus, table.status, table.id),
  ],
);

/** One run of `recall index`: its status, counts and timings. */
export const indexJobs = sqliteTable(
  "index_jobs",
  {
    id: text("id").primaryKey(),
    corpus: text("corpus").notNull(),
    /** "interrupted": the process died (a later run of the same corpus found the job still running). */
    status: text("status", { enum: ["running", "succeeded", "failed", "interrupted"] }).notNull(),
    sources: text("sources", { mode: "json" }).$type<string[]>().notNull(),
    documents: integer("documents").notNull().default(0),
    chunks: integer("chunks").notNull().default(0),
    embedded: integer("embedded").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    pruned: integer("pruned").notNull().default(0),
    error: text("error"),
    startedAt: text("started_at").notNull().default(now),
    finishedAt: text("finished_at"),
    seconds: real("seconds"),
  },
  // A corpus's runs: where its failures are found (GET /v1/corpora/{name}/failures), and what deleting it removes.
  (table) => [index("index_jobs_corpus").on(table.corpus)],
);

/**
 * The one writer of a corpus: a lease that its holder (an index job) renews while it writes. A lease that is not
 * renewed expires, so a run that was killed never blocks the corpus for long.
 */
export const corpusLeases = sqliteTable("corpus_leases", {
  corpus: text("corpus").primaryKey(),
  /** The job that holds it. */
  holder: text("holder").notNull(),
  acquiredAt: text("acquired_at").notNull(),
  /** ISO time; past it, another run may take the lease. */
  expiresAt: text("expires_at").notNull(),
  /** Where the holder runs: a run on the same machine takes over at once from a holder whose process is gone. */
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
});

/** A document (or JSONL line) a job could not index, with the reason. */
export const documentErrors = sqliteTable(
  "document_errors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: text("job_id")
      .notNull()
      .references(() => indexJobs.id, { onDelete: "cascade" }),
    uri: text("uri").notNull(),
    reason: text("reason").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  // A run's failures, latest last: a corpus's latest failures are read run by run, not from the whole table.
  (table) => [index("document_errors_job").on(table.jobId, table.createdAt, table.id)],
);

/** A document of an upload job, as GET /v1/jobs/{id} reports it. */
export interface UploadJobDocument {
  /** The document's id; null for a failure that names no document (a line of a JSONL file). */
  readonly id: string | null;
  /** Where it came from: the client's file name (with `:line` for a JSONL record), or a sent document's id. */
  readonly uri: string;
  /** `ready` only once it is searchable: its job has written its chunks and refreshed the full-text index. */
  readonly state: "queued" | "indexing" | "ready" | "failed";
  readonly reason?: string;
}

/**
 * Documents sent over HTTP to be indexed (POST /v1/corpora/{name}/documents): what GET /v1/jobs/{id} reports, from
 * any process. The server that took it runs it in the background (`runId`: the index run that did the work, in
 * index_jobs); `host`, `pid` and `processId` name that process, so that a job whose process died is not reported as
 * running.
 */
export const uploadJobs = sqliteTable(
  "upload_jobs",
  {
    id: text("id").primaryKey(),
    corpus: text("corpus")
      .notNull()
      .references(() => corpora.name, { onDelete: "cascade" }),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] }).notNull(),
    runId: text("run_id"),
    documents: integer("documents").notNull().default(0),
    chunks: integer("chunks").notNull().default(0),
    embedded: integer("embedded").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** The job's documents, the first 1,000 of them (see `unlisted`). */
    items: text("items", { mode: "json" }).$type<UploadJobDocument[]>().notNull(),
    /** Documents of the job that `items` does not list, past its first 1,000 (the counts count them all). */
    unlisted: integer("unlisted").notNull().default(0),
    /** Why the job failed: a stable code and a message a client may read. */
    errorCode: text("error_code"),
    error: text("error"),
    host: text("host").notNull(),
    pid: integer("pid").notNull(),
    /** A random id its process made once when it started: tells a restarted container's new process from its old one. */
    processId: text("process_id").notNull().default(""),
    /**
     * ISO time its process last said it still runs the job (every few seconds while queued or running): a job whose
     * heartbeat stopped belongs to a process that died, and another server takes it over.
     */
    heartbeatAt: text("heartbeat_at"),
    createdAt: text("created_at").notNull().default(now),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (table) => [
    // What every server reads each heartbeat: the unfinished jobs (of other processes).
    index("upload_jobs_unfinished").on(table.status, table.processId),
    // The upload job of an index run (a corpus's failures name it).
    index("upload_jobs_run").on(table.runId),
  ],
);

/**
 * What a client uploaded for a job, kept in SQL until the job ends so that any server can run it: a file's bytes
 * (base64) under the name the server gave it, or a document sent as JSON.
 */
export const uploadJobInputs = sqliteTable(
  "upload_job_inputs",
  {
    jobId: text("job_id")
      .notNull()
      .references(() => uploadJobs.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: ["file", "document"] }).notNull(),
    /** A file's name as the client's safe id with the loader's extension; a document's id. */
    name: text("name").notNull(),
    /** A file: its bytes in base64. A document: its JSON. */
    content: text("content").notNull(),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.position] })],
);

/**
 * One answered question: what was asked, how, what came back, at what cost, and the whole trace. Listed newest first
 * (GET /v1/asks), all of them or a key's own: an index for each keeps a page a short walk down an index.
 */
export const asks = sqliteTable(
  "asks",
  {
    id: text("id").primaryKey(),
    question: text("question").notNull(),
    corpus: text("corpus"),
    strategy: text("strategy").notNull(),
    parameters: text("parameters", { mode: "json" }).$type<unknown>().notNull(),
    answer: text("answer").notNull(),
    confidence: real("confidence").notNull(),
    abstained: integer("abstained", { mode: "boolean" }).notNull(),
    retrievals: integer("retrievals").notNull(),
    modelCalls: integer("model_calls").notNull(),
    promptTokens: integer("prompt_tokens").notNull(),
    completionTokens: integer("completion_tokens").notNull(),
    latencyMs: real("latency_ms").notNull(),
    /** "answered", or "failed" with the error's code in `error`. */
    status: text("status", { enum: ["answered", "failed"] }).notNull(),
    error: text("error"),
    trace: text("trace", { mode: "json" }).$type<unknown[]>().notNull(),
    /** The experiment and variant this ask was assigned to, and the user or session key that decided it. */
    experiment: text("experiment"),
    variant: text("variant"),
    subjectKey: text("subject_key"),
    /** The API key the ask was made with; null when no key was needed. */
    keyId: text("key_id"),
    /**
     * Whether its confidence came from a calibration (the model's, or one the ask passed); false: the uncalibrated
     * mean of its signals. Null for asks stored before this was recorded.
     */
    calibrated: integer("calibrated", { mode: "boolean" }),
    createdAt: text("created_at").notNull().default(now),
  },
  (table) => [
    index("asks_created").on(table.createdAt, table.id),
    index("asks_key_created").on(table.keyId, table.createdAt, table.id),
  ],
);

/** The weights of a confidence calibration as stored (see `Calibration` in src/reasoning/finish-answer.ts). */
export interface StoredCalibration {
  readonly bias: number;
  readonly agreement: number;
  readonly probability: number;
  readonly steps: number;
  readonly support: number;
  readonly unsupportedSteps: number;
}

/**
 * A language model's calibration, fitted by `recall calibrate` on labelled questions: how its answers' signals become
 * a confidence, where it abstains, and recall-then-retrieve's retrieval gate. Asks of that model use it.
 */
export const modelCalibrations = sqliteTable("model_calibrations", {
  /** The language model's id (`LanguageModel.modelId`). */
  modelId: text("model_id").primaryKey(),
  calibration: text("calibration", { mode: "json" }).$type<StoredCalibration>().notNull(),
  abstainBelow: real("abstain_below").notNull(),
  /** The gate; null when recall-then-retrieve was not among the strategies fitted (its neutral gate then holds). */
  retrieveBelow: real("retrieve_below"),
  agreementBelow: real("agreement_below"),
  /** How many questions it was fitted on, from which files, on which corpus, with which strategies' answers. */
  questions: integer("questions").notNull(),
  datasets: text("datasets", { mode: "json" }).$type<string[]>().notNull(),
  corpus: text("corpus").notNull(),
  strategies: text("strategies", { mode: "json" }).$type<string[]>().notNull(),
  fittedAt: text("fitted_at").notNull().default(now),
  /**
   * What it was fitted under besides the model's id (weights, prompt format, endpoint): it holds only under the same.
   * Null for a calibration stored before Recall recorded them: its conditions are unknown, so it holds under none.
   */
  conditions: text("conditions", { mode: "json" }).$type<CalibrationConditions>(),
});

/**
 * What a language model sees and runs on besides its id, which a calibration depends on: an in-process model's
 * weights variant (models.language.dtype; a folder's id fingerprints its files, not which of them are loaded), the
 * prompt format the loop speaks to it in, and for a model on a server the endpoint and how a begun reply is continued.
 */
export interface CalibrationConditions {
  /** In-process (transformers) models only. */
  readonly dtype?: string;
  readonly promptFormat: string;
  /** openai-compatible models only: "completions" or "chat". */
  readonly api?: string;
  /** openai-compatible models with api "chat" only. */
  readonly prefill?: string;
}

/** One variant of an experiment: a strategy with its parameters, and its share of the traffic. */
export interface VariantRecord {
  readonly name: string;
  readonly strategy: string;
  readonly params: Record<string, unknown>;
  readonly weight: number;
}

/** An online A/B test between strategies. */
export const experiments = sqliteTable("experiments", {
  name: text("name").primaryKey(),
  description: text("description").notNull().default(""),
  corpus: text("corpus"),
  status: text("status", { enum: ["running", "paused", "stopped"] }).notNull(),
  variants: text("variants", { mode: "json" }).$type<VariantRecord[]>().notNull(),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

/**
 * What a user said about an answer: a score, whether it was correct, a comment. One record per ask and key: a repeat
 * replaces it (an upsert on the unique index). `keyId` is "" when no key was needed, not null, because SQLite treats
 * nulls as distinct in a unique index and would keep every repeat.
 */
export const feedback = sqliteTable(
  "feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    askId: text("ask_id")
      .notNull()
      .references(() => asks.id, { onDelete: "cascade" }),
    keyId: text("key_id").notNull().default(""),
    score: real("score"),
    correct: integer("correct", { mode: "boolean" }),
    comment: text("comment"),
    createdAt: text("created_at").notNull().default(now),
  },
  (table) => [uniqueIndex("feedback_ask_key").on(table.askId, table.keyId)],
);

/**
 * An API key. Only the SHA-256 of the secret is stored: a secret is 32 random bytes, so nobody can guess one from its
 * hash and a slow password hash (bcrypt, scrypt) would buy nothing but latency on every request.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** SHA-256 of the secret, in hex. */
    keyHash: text("key_hash").notNull(),
    /** The secret's first characters, to recognise a key in a list; not enough to use it. */
    prefix: text("prefix").notNull(),
    /** The corpora the key may use; null: all of them. */
    corpora: text("corpora", { mode: "json" }).$type<string[]>(),
    /** Its scopes (ask, search, embed, index, admin). */
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: text("created_at").notNull().default(now),
    /** When it stops working; null: never. */
    expiresAt: text("expires_at"),
    revokedAt: text("revoked_at"),
  },
  (table) => [uniqueIndex("api_keys_key_hash").on(table.keyHash)],
);
