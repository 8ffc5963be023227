import type { LanguageModelConfig } from "../config/config-schema.ts";
import {
  type CapabilityFinding,
  type ModelCapabilities,
  probeRemoteCapabilities,
} from "../models/openai-compatible/probe-capabilities.ts";

export type { CapabilityFinding, ModelCapabilities };

/**
 * What the configured language model's backend can do: a local model all of it; a remote one is probed with tiny
 * requests (see `probeRemoteCapabilities`).
 */
export async function probeCapabilities(config: LanguageModelConfig): Promise<ModelCapabilities> {
  if (config.provider !== "openai-compatible" || !config.baseUrl) {
    const local = { supported: true, detail: "in-process model" };
    return { api: "local", logprobs: local, samples: local, echo: local };
  }
  const settings = { baseUrl: config.baseUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs, maxRetries: 0 };
  return probeRemoteCapabilities(settings, config.model, config.api === "chat" ? "chat" : "completions");
}
