import type { RecallConfig } from "../config/config-schema.ts";
import { usesBundledModels } from "../config/load-config.ts";
import type { Logger } from "../logging/logger.ts";

/** Says once, at start-up, that the bundled tiny models are in use, and the one line that switches to real ones. */
export function announceModels(config: RecallConfig, logger: Logger): void {
  if (!usesBundledModels(config)) return;
  logger.info(
    "Using the bundled tiny models (fixtures/models): they know only the tiny world in fixtures/world. " +
      "For real models set RECALL_LANGUAGE_MODEL and RECALL_EMBEDDING_MODEL, e.g. " +
      "RECALL_LANGUAGE_MODEL=onnx-community/Qwen2.5-0.5B-Instruct RECALL_EMBEDDING_MODEL=Xenova/all-MiniLM-L6-v2.",
  );
}
