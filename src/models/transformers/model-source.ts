import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { ModelLoadError } from "../model-errors.ts";

/** Where a transformers.js model comes from: a folder on disk, or an id on the Hugging Face hub. */
export type ModelSource =
  | { readonly kind: "folder"; readonly path: string }
  | { readonly kind: "hub"; readonly id: string };

export interface LoadSettings {
  /** Never download: hub ids load only from the local transformers.js cache. */
  readonly offline?: boolean;
  /** Weights variant, e.g. "fp32" (onnx/model.onnx) or "q8" (onnx/model_quantized.onnx). */
  readonly dtype?: "fp32" | "fp16" | "q8" | "int8" | "uint8" | "q4";
}

/**
 * Reads a model reference: anything that names an existing folder, or looks like a path (starts with ".", "/" or
 * "~"), is a folder; anything else is a hub id such as `Xenova/all-MiniLM-L6-v2`.
 */
export function resolveModelSource(reference: string, baseFolder = process.cwd()): ModelSource {
  const looksLikePath = /^(\.{1,2}[\\/]|[\\/]|~)/.test(reference) || isAbsolute(reference);
  const path = resolve(baseFolder, reference.replace(/^~(?=$|[\\/])/, process.env.HOME ?? "~"));
  if (looksLikePath || (existsSync(path) && statSync(path).isDirectory())) return { kind: "folder", path };
  return { kind: "hub", id: reference };
}

/** Fails early, with a message that says what is missing, when a model folder is not usable. */
export function assertModelFolder(path: string): void {
  if (!existsSync(path)) {
    throw new ModelLoadError(
      path,
      `No model folder at ${path}. Point the model setting at a folder that holds config.json, tokenizer.json and onnx/model.onnx.`,
    );
  }
  for (const file of ["config.json", "tokenizer.json"]) {
    if (!existsSync(join(path, file))) {
      throw new ModelLoadError(
        path,
        `The model folder ${path} has no ${file}; a transformers.js model folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx.`,
      );
    }
  }
}

/**
 * Runs a transformers.js loader for a source and turns its failures into one clear error that names the model.
 * A hub id that cannot be fetched fails: there is no fallback to another model.
 */
export async function loadFromSource<T>(
  source: ModelSource,
  settings: LoadSettings,
  load: (pathOrId: string, options: { local_files_only: boolean; dtype: string }) => Promise<T>,
): Promise<T> {
  const dtype = settings.dtype ?? "fp32";
  if (source.kind === "folder") {
    assertModelFolder(source.path);
    try {
      return await load(source.path, { local_files_only: true, dtype });
    } catch (error) {
      throw new ModelLoadError(source.path, `Could not load the model in ${source.path}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
  try {
    return await load(source.id, { local_files_only: settings.offline === true, dtype });
  } catch (error) {
    const how = `Download it once on a machine with network access (it is then cached), or point the model setting at a local folder (for example RECALL_LANGUAGE_MODEL=./models/my-model) that holds config.json, tokenizer.json and onnx/model.onnx.`;
    const why =
      settings.offline === true
        ? "downloads are off (offline mode) and it is not in the local cache"
        : `it could not be fetched from the Hugging Face hub (${messageOf(error)})`;
    throw new ModelLoadError(source.id, `Model "${source.id}" is a hub id, and ${why}. ${how}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A model id for a folder that stays the same wherever the folder is copied: its name and a short fingerprint of
 * its configuration, tokenizer and weight files (sizes), so that corpora record which model made their vectors.
 */
export function folderModelId(path: string): string {
  const hash = createHash("sha256");
  for (const file of ["config.json", "tokenizer.json"]) {
    if (existsSync(join(path, file))) hash.update(readFileSync(join(path, file)));
  }
  const onnx = join(path, "onnx");
  if (existsSync(onnx)) {
    for (const file of readdirSync(onnx).sort()) hash.update(`${file}:${statSync(join(onnx, file)).size}`);
  }
  return `${basename(path)}@${hash.digest("hex").slice(0, 8)}`;
}

/** The id a loaded model reports: the hub id, or a folder's portable id. */
export function modelIdOf(source: ModelSource): string {
  return source.kind === "hub" ? source.id : folderModelId(source.path);
}
