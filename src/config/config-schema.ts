import { z } from "zod";

const dtypeSchema = z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4"]);

/** Where a model runs: in-process through transformers.js, or behind an OpenAI-compatible server. */
const providerSchema = z.enum(["transformers", "openai-compatible"]);

/** For "openai-compatible": the server and how to talk to it. */
const remoteFields = {
  /** The server's base URL, e.g. http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama). */
  baseUrl: z.url().optional(),
  /** Sent as a bearer token; RECALL_API_KEY sets it. */
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(100).default(60_000),
  maxRetries: z.number().int().min(0).max(10).default(3),
};

const needsBaseUrl = (config: { provider: string; baseUrl?: string | undefined }) =>
  config.provider !== "openai-compatible" || config.baseUrl !== undefined;
const baseUrlMessage = { message: 'an "openai-compatible" model needs a baseUrl', path: ["baseUrl"] };

/** How the loop frames its prompts: chosen from the model ("auto"), or one of the formats by name. */
export const promptFormatSchema = z.enum(["auto", "bundled", "chat", "plain"]);
export type PromptFormatSetting = z.output<typeof promptFormatSchema>;

/** The language model: a local folder or a hub id (transformers), or a model name on a server (openai-compatible). */
const languageModelFields = z.object({
  provider: providerSchema,
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  promptFormat: promptFormatSchema.default("auto"),
  ...remoteFields,
  /** openai-compatible: how many tokens the served model reads. */
  contextLength: z.number().int().min(64).default(4096),
  /** openai-compatible: the server's /v1/completions (with log-probabilities; the default), or its /v1/chat/completions. */
  api: z.enum(["completions", "chat"]).optional(),
  /**
   * openai-compatible with api "chat": how the assistant's begun reply is continued: a final assistant message with
   * continue_final_message (vLLM, Recall; `recall models check` says whether the server has it), or an instruction
   * (the default).
   */
  prefill: z.enum(["continue-final-message", "instruction"]).optional(),
});
export const languageModelConfigSchema = languageModelFields
  .refine(needsBaseUrl, baseUrlMessage)
  .refine(
    (config) => config.provider === "openai-compatible" || (config.api === undefined && config.prefill === undefined),
    {
      message: 'api and prefill are settings of an "openai-compatible" model',
      path: ["api"],
    },
  );

/** The embedding model, in-process or behind an OpenAI-compatible /v1/embeddings. */
const embeddingModelFields = z.object({
  /** "llm2vec-gen": generative embeddings from a folder with llm2vec-gen.json (found by itself in a transformers folder). */
  provider: z.enum(["transformers", "openai-compatible", "llm2vec-gen"]),
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  queryPrefix: z.string().default(""),
  passagePrefix: z.string().default(""),
  pooling: z.enum(["mean", "cls"]).default("mean"),
  batchSize: z.number().int().min(1).max(1024).default(64),
  ...remoteFields,
});
export const embeddingModelConfigSchema = embeddingModelFields.refine(needsBaseUrl, baseUrlMessage);

/** A cross-encoder reranker run in-process by transformers.js; used when a search asks for reranking. */
export const rerankerConfigSchema = z.object({
  provider: z.literal("transformers"),
  model: z.string().min(1),
  dtype: dtypeSchema.default("fp32"),
  batchSize: z.number().int().min(1).max(1024).default(32),
});

/**
 * What one request may ask for. Each limit is a client error (4xx) that names it when exceeded; the defaults are
 * documented in the README ("Limits").
 */
export const limitsSchema = z.object({
  /** Request body, checked before it is read whole (413). */
  bodyBytes: z.number().int().min(1024).default(1_048_576),
  /** An upload's body (POST /v1/corpora/{name}/documents: files or JSON documents), in place of bodyBytes (413). */
  uploadBytes: z.number().int().min(1024).default(33_554_432),
  /** One uploaded file (413). */
  uploadFileBytes: z.number().int().min(1).default(16_777_216),
  /** Files, or JSON documents, in one upload (413). */
  uploadFiles: z.number().int().min(1).default(100),
  /** Upload jobs of one corpus waiting behind the running one, each keeping its upload in SQL (429). */
  queuedUploadJobs: z.number().int().min(1).default(8),
  /** A question (/v1/ask, the CLI) or a search query. */
  questionChars: z.number().int().min(1).default(4000),
  /** One chat message's text; also instructions and a completion prompt. */
  messageChars: z.number().int().min(1).default(32_000),
  /** Messages in one chat completion request. */
  chatMessages: z.number().int().min(1).default(200),
  /** Completions' n and a strategy's samples. */
  samples: z.number().int().min(1).default(16),
  /** Completions' max_tokens. */
  maxTokens: z.number().int().min(1).default(1024),
  /** Inputs in one /v1/embeddings request, and the length of each. */
  embeddingInputs: z.number().int().min(1).default(256),
  embeddingInputChars: z.number().int().min(1).default(8192),
  /** Candidates a reranked search reads. */
  rerankCandidates: z.number().int().min(1).default(200),
  /** Passages one search returns. */
  k: z.number().int().min(1).default(100),
});
export type Limits = z.output<typeof limitsSchema>;

/** How the HTTP server admits requests: keys, limits, browsers. */
export const serverSchema = z.object({
  auth: z.object({
    /** Every /v1 route needs a key even before the first key exists (RECALL_AUTH=required). */
    required: z.boolean().default(false),
  }),
  /** Origins a browser may call from (CORS); none by default. */
  cors: z.object({ origins: z.array(z.string().min(1)).default([]) }),
  limits: limitsSchema,
  /** Requests a minute for one key (or, without keys, one client address); 0 turns the limit off. */
  rateLimit: z.object({ requestsPerMinute: z.number().int().min(0).default(600) }),
  /** On SIGTERM or SIGINT, how long requests in flight may take to finish before they are aborted (milliseconds). */
  shutdownGraceMs: z.number().int().min(0).default(10_000),
  /** A request that runs longer is aborted, its model work too, and answered 504 (0: no deadline). */
  requestTimeoutMs: z.number().int().min(0).default(120_000),
});
export type ServerSettings = z.output<typeof serverSchema>;

/** How in-process models run for many requests at once. */
export const runtimeSchema = z.object({
  /** Run in-process models in worker threads, off the event loop (false: on the main thread, as tests may). */
  workers: z.boolean().default(true),
  /** Sample rows one decoding batch holds at most; requests beyond wait between steps. */
  maxBatchRows: z.number().int().min(1).max(1024).default(16),
  /** Requests waiting for a model at most; one more is refused with 429 and Retry-After. */
  maxQueuedRequests: z.number().int().min(1).default(64),
  /**
   * Embedding models loaded at once: each corpus is searched with its own, loaded on demand; past this many, the least
   * recently used idle one is unloaded.
   */
  maxEmbeddingModels: z.number().int().min(1).default(3),
});
export type RuntimeSettings = z.output<typeof runtimeSchema>;

/** How corpora change while they are served. */
export const corporaSchema = z.object({
  /**
   * How long a corpus version replaced by a re-embed or re-chunk stays readable after the switch (readers that opened
   * it before keep reading it), before it is dropped.
   */
  versionGraceMs: z.number().int().min(0).default(600_000),
  /** How often a server records that it still runs its upload jobs (milliseconds). */
  jobHeartbeatMs: z.number().int().min(100).default(5_000),
  /**
   * An upload job whose server has not recorded that for this long (its machine died) is taken over by another
   * server, which runs it again from what was uploaded. Longer than a corpus lease (30 s), so that the dead server's
   * lease has expired by then. A job of a process known to be gone (same machine) is taken over at once.
   */
  jobTakeoverMs: z
    .number()
    .int()
    .min(31_000, "must be longer than the 30 s corpus lease that the dead server held")
    .default(60_000),
});
export type CorporaSettings = z.output<typeof corporaSchema>;

/** Where the records (corpora, documents, jobs, asks, feedback, experiments, keys) live. */
export const databaseSchema = z.object({
  /**
   * postgres://user:password@host:port/database: PostgreSQL, which several replicas share (RECALL_DATABASE_URL sets
   * it). Unset: SQLite in <home>/recall.db, for one machine.
   */
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "a PostgreSQL URL starts with postgres:// or postgresql://")
    .optional(),
  /** Connections one process opens to PostgreSQL at most (one is held while migrating, so at least 2). */
  poolSize: z.number().int().min(2).default(10),
});
export type DatabaseSettings = z.output<typeof databaseSchema>;

/** Storage options that carry secrets: they come from the environment, never from a config file. */
const secretStorageOptions =
  /secret|token|access_key|account_key|master_key|customer_key|sas|service_account|password|credential/i;

/** How the LanceDB tables are reached: object storage settings and how soon other processes' writes are seen. */
export const lancedbSchema = z.object({
  /**
   * Options for object storage (lancedbUri s3://bucket/prefix), as LanceDB names them: aws_endpoint, aws_region,
   * allow_http ("true" for a plain-HTTP endpoint), aws_virtual_hosted_style_request. Credentials come from the
   * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), never from here.
   */
  storageOptions: z
    .record(z.string(), z.string())
    .refine((options) => !Object.keys(options).some((key) => secretStorageOptions.test(key)), {
      message:
        "credentials do not belong in the config: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment",
    })
    .default({}),
  /**
   * How long an open table may go without looking for other processes' writes (milliseconds): a search sees a
   * document another replica or an indexer added at most this long after it was committed. 0: look at every read.
   */
  readConsistencyIntervalMs: z.number().int().min(0).default(1000),
});
export type LanceDbSettings = z.output<typeof lancedbSchema>;

export const configSchema = z.object({
  /** The data folder: LanceDB tables and the SQLite file. */
  home: z.string().min(1),
  /** Never download models: hub ids load only from the local cache. */
  offline: z.boolean(),
  /** Where the LanceDB tables live: a folder, or a URI such as s3://bucket/path. Default: <home>/lancedb. */
  lancedbUri: z.string().min(1).optional(),
  lancedb: lancedbSchema,
  database: databaseSchema,
  models: z.object({
    language: languageModelConfigSchema,
    embedding: embeddingModelConfigSchema,
    reranker: rerankerConfigSchema,
  }),
  server: serverSchema,
  runtime: runtimeSchema,
  corpora: corporaSchema,
});

export type RecallConfig = z.output<typeof configSchema>;
export type LanguageModelConfig = RecallConfig["models"]["language"];
export type EmbeddingModelConfig = RecallConfig["models"]["embedding"];
export type RerankerConfig = RecallConfig["models"]["reranker"];

/** What a config file, the environment or the command line may set: any part of the config. */
export const partialConfigSchema = z
  .object({
    home: z.string().min(1),
    offline: z.boolean(),
    lancedbUri: z.string().min(1),
    lancedb: lancedbSchema.partial().strict(),
    database: databaseSchema.partial().strict(),
    models: z
      .object({
        language: languageModelFields.partial().strict(),
        embedding: embeddingModelFields.partial().strict(),
        reranker: rerankerConfigSchema.partial().strict(),
      })
      .partial()
      .strict(),
    runtime: runtimeSchema.partial().strict(),
    corpora: corporaSchema.partial().strict(),
    server: z
      .object({
        auth: serverSchema.shape.auth.partial().strict(),
        cors: serverSchema.shape.cors.partial().strict(),
        limits: limitsSchema.partial().strict(),
        rateLimit: serverSchema.shape.rateLimit.partial().strict(),
        shutdownGraceMs: serverSchema.shape.shutdownGraceMs.unwrap(),
        requestTimeoutMs: serverSchema.shape.requestTimeoutMs.unwrap(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type PartialConfig = z.input<typeof partialConfigSchema>;
