import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { bundledModels } from "./bundled-models.ts";
import { ConfigError } from "./config-error.ts";
import {
  configSchema,
  corporaSchema,
  databaseSchema,
  lancedbSchema,
  limitsSchema,
  type PartialConfig,
  partialConfigSchema,
  type RecallConfig,
  runtimeSchema,
} from "./config-schema.ts";

export interface LoadConfigOptions {
  /** Values given on the command line or in code: they win over everything else. */
  readonly explicit?: PartialConfig;
  /** Path of a JSON config file; else RECALL_CONFIG; else ./recall.config.json when it exists. */
  readonly configFile?: string;
  readonly environment?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const defaults: RecallConfig = {
  home: ".recall",
  offline: false,
  lancedb: lancedbSchema.parse({}),
  database: databaseSchema.parse({}),
  models: {
    language: {
      provider: "transformers",
      model: bundledModels.language,
      dtype: "fp32",
      promptFormat: "auto",
      contextLength: 4096,
      timeoutMs: 60_000,
      maxRetries: 3,
    },
    embedding: {
      provider: "transformers",
      model: bundledModels.embedding,
      dtype: "fp32",
      queryPrefix: "",
      passagePrefix: "",
      pooling: "mean",
      batchSize: 64,
      timeoutMs: 60_000,
      maxRetries: 3,
    },
    reranker: { provider: "transformers", model: bundledModels.reranker, dtype: "fp32", batchSize: 32 },
  },
  runtime: runtimeSchema.parse({}),
  corpora: corporaSchema.parse({}),
  server: {
    auth: { required: false },
    cors: { origins: [] },
    limits: limitsSchema.parse({}),
    rateLimit: { requestsPerMinute: 600 },
    shutdownGraceMs: 10_000,
    requestTimeoutMs: 120_000,
  },
};

/**
 * Resolves the configuration: explicit values first, then environment variables, then the config file, then the
 * defaults (the bundled tiny models, data in ./.recall). Every layer is validated and a bad value names its source.
 */
export function loadConfig(options: LoadConfigOptions = {}): RecallConfig {
  const environment = options.environment ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const layers: [string, PartialConfig][] = [];
  const file =
    options.configFile ??
    environment.RECALL_CONFIG ??
    (existsSync(resolve(cwd, "recall.config.json")) ? "recall.config.json" : undefined);
  if (file !== undefined) layers.push([`config file ${file}`, readConfigFile(resolve(cwd, file))]);
  layers.push(["environment", fromEnvironment(environment)]);
  if (options.explicit) layers.push(["command line", options.explicit]);

  let merged: unknown = defaults;
  for (const [source, layer] of layers) {
    const parsed = partialConfigSchema.safeParse(layer);
    if (!parsed.success) throw invalid(source, parsed.error.issues);
    // The layer as written, not as parsed: parsing fills in defaults, which would undo what a lower layer set.
    merged = deepMerge(merged, layer);
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) throw invalid("configuration", result.error.issues);
  return { ...result.data, home: resolve(cwd, result.data.home) };
}

/** Whether the configuration runs on the bundled tiny models (and so only knows the tiny world). */
export function usesBundledModels(config: RecallConfig): boolean {
  return (
    config.models.language.model === bundledModels.language || config.models.embedding.model === bundledModels.embedding
  );
}

function fromEnvironment(environment: NodeJS.ProcessEnv): PartialConfig {
  const layer: {
    home?: string;
    lancedbUri?: string;
    database?: { url: string };
    offline?: boolean;
    server?: { auth: { required: boolean } };
    models?: {
      language?: Record<string, string>;
      embedding?: Record<string, string>;
      reranker?: { model: string };
    };
  } = {};
  if (environment.RECALL_HOME) layer.home = environment.RECALL_HOME;
  if (environment.RECALL_LANCEDB_URI) layer.lancedbUri = environment.RECALL_LANCEDB_URI;
  if (environment.RECALL_DATABASE_URL) layer.database = { url: environment.RECALL_DATABASE_URL };
  if (environment.RECALL_OFFLINE) layer.offline = /^(1|true|yes)$/i.test(environment.RECALL_OFFLINE);
  if (environment.RECALL_AUTH) layer.server = { auth: { required: authRequired(environment.RECALL_AUTH) } };
  const models: NonNullable<typeof layer.models> = {};
  const remote = (url: string | undefined): Record<string, string> =>
    url
      ? {
          provider: "openai-compatible",
          baseUrl: url,
          ...(environment.RECALL_API_KEY ? { apiKey: environment.RECALL_API_KEY } : {}),
        }
      : {};
  const language = {
    ...(environment.RECALL_LANGUAGE_MODEL ? { model: environment.RECALL_LANGUAGE_MODEL } : {}),
    ...remote(environment.RECALL_LANGUAGE_MODEL_URL),
    ...(environment.RECALL_LANGUAGE_MODEL_API ? { api: environment.RECALL_LANGUAGE_MODEL_API } : {}),
    ...(environment.RECALL_LANGUAGE_MODEL_PREFILL ? { prefill: environment.RECALL_LANGUAGE_MODEL_PREFILL } : {}),
  };
  const embedding = {
    ...(environment.RECALL_EMBEDDING_MODEL ? { model: environment.RECALL_EMBEDDING_MODEL } : {}),
    ...remote(environment.RECALL_EMBEDDING_MODEL_URL),
  };
  if (Object.keys(language).length > 0) models.language = language;
  if (Object.keys(embedding).length > 0) models.embedding = embedding;
  if (environment.RECALL_RERANKER_MODEL) models.reranker = { model: environment.RECALL_RERANKER_MODEL };
  if (models.language || models.embedding || models.reranker) layer.models = models;
  return layer as PartialConfig;
}

function authRequired(value: string): boolean {
  if (value === "required") return true;
  if (value === "optional") return false;
  throw new ConfigError(`Invalid environment: RECALL_AUTH is "${value}"; use "required" or "optional".`);
}

function readConfigFile(path: string): PartialConfig {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PartialConfig;
  } catch (error) {
    throw new ConfigError(
      `Could not read the config file ${path}: ${error instanceof Error ? error.message : String(error)}. It must be a JSON object.`,
      { cause: error },
    );
  }
}

function invalid(source: string, issues: readonly { path: PropertyKey[]; message: string }[]): ConfigError {
  const details = issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`).join("; ");
  return new ConfigError(`Invalid ${source}: ${details}.`);
}

function deepMerge(base: unknown, layer: unknown): unknown {
  if (!isObject(base) || !isObject(layer)) return layer === undefined ? base : layer;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(layer)) merged[key] = deepMerge(base[key], value);
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
