import { z } from "zod";
import { postJson, type RemoteSettings } from "./http-client.ts";

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
const completionLogprobs = z.object({
  choices: z.array(z.object({ logprobs: z.object({ tokens: z.array(z.string()) }) })).min(1),
});
const echoed = z.object({
  choices: z.array(z.object({ logprobs: z.object({ text_offset: z.array(z.number()) }) })).min(1),
});
const chatLogprobs = z.object({
  choices: z.array(z.object({ logprobs: z.object({ content: z.array(z.object({ logprob: z.number() })) }) })).min(1),
});
const chatReply = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })) });

/** A begun reply only one continuation fits: a server that continues it writes "7" next; a fresh turn does not. */
const countingReply = "1, 2, 3, 4, 5, 6,";

/**
 * Probes an OpenAI-compatible backend with tiny requests (a few tokens each): log-probabilities, n = 2, and prefill
 * (chat: a begun counting reply that only a continuation follows with "7") or echo (completions).
 */
export async function probeRemoteCapabilities(
  settings: RemoteSettings,
  model: string,
  api: "completions" | "chat",
): Promise<ModelCapabilities> {
  const once = { ...settings, maxRetries: 0 };
  const probe = async (path: string, body: object, check: (raw: unknown) => CapabilityFinding) => {
    try {
      return check(await postJson(once, model, path, { model, max_tokens: 2, ...body }));
    } catch (error) {
      return { supported: false, detail: `refused: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  const count = (raw: unknown): CapabilityFinding => {
    const found = choices.safeParse(raw).data?.choices.length ?? 0;
    return { supported: found === 2, detail: `asked for 2 choices, got ${found}` };
  };
  if (api === "chat") {
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
          messages: [
            { role: "user", content: "Count from 1 to 10, separated by commas." },
            { role: "assistant", content: countingReply },
          ],
          continue_final_message: true,
          add_generation_prompt: false,
          temperature: 0,
          max_tokens: 4,
        },
        (raw) => {
          const reply = chatReply.safeParse(raw).data?.choices[0]?.message.content ?? "";
          return /^\s*7\b/.test(reply)
            ? { supported: true, detail: `"${countingReply}" continued with ${JSON.stringify(reply)}` }
            : {
                supported: false,
                detail: `"${countingReply}" answered with ${JSON.stringify(reply)}, not continued with "7"`,
              };
        },
      ),
    };
  }
  return {
    api: "completions",
    logprobs: await probe("/completions", { prompt: "Hello", logprobs: 1 }, (raw) =>
      completionLogprobs.safeParse(raw).success
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
