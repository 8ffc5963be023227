import { z } from "zod";
import type { LanguageModelConfig } from "../config/config-schema.ts";
import { postJson } from "../models/openai-compatible/http-client.ts";

/** What one capability probe found: whether the backend can, and in a few words what it answered. */
export interface CapabilityFinding {
  readonly supported: boolean;
  readonly detail: string;
}

/** What a language model backend can and cannot do, as Recall uses it; a capability that does not apply is absent. */
export interface ModelCapabilities {
  readonly api: "local" | "completions" | "chat";
  readonly logprobs: CapabilityFinding;
  /** Several samples (n) in one call. */
  readonly samples: CapabilityFinding;
  /** Chat: the final assistant message continued (continue_final_message). */
  readonly prefill?: CapabilityFinding;
  /** Completions: the prompt's own log-probabilities (echo), which scoring needs. */
  readonly echo?: CapabilityFinding;
}

const choices = z.object({ choices: z.array(z.looseObject({ logprobs: z.unknown().optional() })) });
const echoed = z.object({ choices: z.array(z.object({ logprobs: z.object({ text_offset: z.array(z.number()) }) })) });
const chatLogprobs = z.object({
  choices: z.array(z.object({ logprobs: z.object({ content: z.array(z.object({ logprob: z.number() })) }) })).min(1),
});

/**
 * Probes the configured language model's backend with tiny requests (a few tokens each): a local model can do all of
 * it; a remote one is asked for log-probabilities, n = 2, and prefill (chat) or echo (completions).
 */
export async function probeCapabilities(config: LanguageModelConfig): Promise<ModelCapabilities> {
  if (config.provider !== "openai-compatible" || !config.baseUrl) {
    const local = { supported: true, detail: "in-process model" };
    return { api: "local", logprobs: local, samples: local, echo: local };
  }
  const settings = { baseUrl: config.baseUrl, apiKey: config.apiKey, timeoutMs: config.timeoutMs, maxRetries: 0 };
  const model = config.model;
  const probe = async (path: string, body: object, check: (raw: unknown) => CapabilityFinding) => {
    try {
      return check(await postJson(settings, model, path, { model, max_tokens: 2, ...body }));
    } catch (error) {
      return { supported: false, detail: `refused: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  const count = (raw: unknown): CapabilityFinding => {
    const found = choices.safeParse(raw).data?.choices.length ?? 0;
    return { supported: found === 2, detail: `asked for 2 choices, got ${found}` };
  };
  if (config.api === "chat") {
    const messages = [{ role: "user", content: "Say hello." }];
    return {
      api: "chat",
      logprobs: await probe("/chat/completions", { messages, logprobs: true, top_logprobs: 1 }, (raw) =>
        chatLogprobs.safeParse(raw).success
          ? { supported: true, detail: "logprobs.content returned" }
          : { supported: false, detail: "no logprobs.content in the answer" },
      ),
      samples: await probe("/chat/completions", { messages, n: 2 }, count),
      prefill: await probe(
        "/chat/completions",
        {
          messages: [...messages, { role: "assistant", content: "Hello" }],
          continue_final_message: true,
          add_generation_prompt: false,
        },
        () => ({ supported: true, detail: "continue_final_message accepted" }),
      ),
    };
  }
  return {
    api: "completions",
    logprobs: await probe("/completions", { prompt: "Hello", logprobs: 1 }, (raw) =>
      choices.safeParse(raw).data?.choices.every((choice) => choice.logprobs)
        ? { supported: true, detail: "logprobs returned" }
        : { supported: false, detail: "no logprobs in the answer" },
    ),
    samples: await probe("/completions", { prompt: "Hello", n: 2 }, count),
    echo: await probe("/completions", { prompt: "Hello there", max_tokens: 0, echo: true, logprobs: 1 }, (raw) =>
      echoed.safeParse(raw).success
        ? { supported: true, detail: "prompt log-probabilities returned" }
        : { supported: false, detail: "no prompt log-probabilities in the answer" },
    ),
  };
}
