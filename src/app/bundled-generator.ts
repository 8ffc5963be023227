import { bundledModels } from "../config/bundled-models.ts";
import { folderModelId } from "../models/transformers/model-source.ts";

let id: string | undefined;

/**
 * The id the bundled tiny generator reports (a fingerprint of a few small files of fixtures/models/tiny-lm, read
 * once): the one model trained on the bundled prompt format, whose calibration ships with Recall, and which knows
 * only the tiny world. A copy of its folder reports the same id.
 */
export function bundledGeneratorId(): string {
  id ??= folderModelId(bundledModels.language);
  return id;
}
