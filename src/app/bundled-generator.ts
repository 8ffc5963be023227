import { bundledModels } from "../config/bundled-models.ts";
import { folderModelId } from "../models/transformers/model-source.ts";

let id: string | undefined;

/**
 * The id the bundled tiny generator reports (its folder's name and a fingerprint of a few small files of
 * fixtures/models/tiny-lm, read once): the one model trained on the bundled prompt format, whose calibration ships
 * with Recall, and which knows only the tiny world. A copy of its folder reports the same fingerprint under its own
 * name (see `isBundledGeneratorId`).
 */
export function bundledGeneratorId(): string {
  id ??= folderModelId(bundledModels.language);
  return id;
}

/**
 * Whether a model id is the bundled tiny generator's: a folder's id (`name@fingerprint`) with its fingerprint, so that
 * a copy counts however its folder is named.
 */
export function isBundledGeneratorId(modelId: string): boolean {
  const at = modelId.lastIndexOf("@");
  return at > 0 && modelId.slice(at) === fingerprintOf(bundledGeneratorId());
}

function fingerprintOf(folderId: string): string {
  return folderId.slice(folderId.lastIndexOf("@"));
}
