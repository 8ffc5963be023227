import { Hono } from "hono";
import { z } from "zod";
import { requireScope } from "../../app/access.ts";
import type { Limits } from "../../config/config-schema.ts";
import type { GenerateResult, ScoreResult, TokenLogprob } from "../../models/language-model.ts";
import { limitedInteger, limitedText, nameText } from "../limited-schemas.ts";
import { ModelNotFoundError } from "../openai/model-ids.ts";
import { parseJsonBody } from "../request-errors.ts";
import type { ServerDependencies } from "../server-dependencies.ts";
import type { ServerEnv } from "../server-env.ts";

/**
 * The body of POST /v1/completions under the configured limits: the prompt (limits.messageChars, checked before the
 * model tokenises anything), n (limits.samples) and max_tokens (limits.maxTokens).
 */
export function completionsBodySchema(limits: Limits) {
  return z.looseObject({
    /** The configured language model's id (GET /v1/models does not list it: chat models are strategies). */
    model: nameText,
    prompt: limitedText(limits, "messageChars"),
    max_tokens: limitedInteger(limits, "maxTokens").min(0).default(Math.min(16, limits.maxTokens)),
    n: limitedInteger(limits, "samples").min(1).default(1),
    temperature: z.number().min(0).max(2).default(1),
    top_p: z.number().gt(0).max(1).default(1),
    seed: z.number().int().nullish(),
    stop: z.union([z.string(), z.array(z.string()).max(8)]).nullish(),
    /** How many alternatives to report per token; any value (0 included) returns the tokens' own log-probabilities. */
    logprobs: z.number().int().min(0).max(20).nullish(),
    /** Return the prompt's tokens (with their log-probabilities) before the completion: scoring a text. */
    echo: z.boolean().default(false),
  });
}

interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: Record<string, number>[] | null;
  text_offset: number[];
}

/** `head` (the unscored start of an echoed prompt, if any) then the scored tokens, in OpenAI's legacy shape. */
function legacyLogprobs(head: string, tokens: readonly TokenLogprob[], withTop: boolean): LegacyLogprobs {
  const result: LegacyLogprobs = { tokens: [], token_logprobs: [], top_logprobs: withTop ? [] : null, text_offset: [] };
  if (head !== "") {
    result.tokens.push(head);
    result.token_logprobs.push(null);
    result.top_logprobs?.push({});
    result.text_offset.push(0);
  }
  let offset = head.length;
  for (const token of tokens) {
    result.tokens.push(token.token);
    result.token_logprobs.push(token.logprob);
    result.top_logprobs?.push(Object.fromEntries(token.topLogprobs.map((top) => [top.token, top.logprob])));
    result.text_offset.push(offset);
    offset += token.token.length;
  }
  return result;
}

/**
 * POST /v1/completions: the configured language model itself, in OpenAI's (and vLLM's) text-completion shape, so
 * that another Recall — or any client — can use it as a remote model: n samples, stop strings, seed, per-token
 * log-probabilities with alternatives, and `echo` with `max_tokens: 0` to score a text.
 */
export function completionsRoute(dependencies: ServerDependencies): Hono<ServerEnv> {
  const schema = completionsBodySchema(dependencies.app.settings.limits);
  return new Hono<ServerEnv>().post("/v1/completions", async (context) => {
    requireScope(context.get("access"), "ask");
    const body = await parseJsonBody(context.req.raw, schema);
    if (!dependencies.app.isLanguageModelId(body.model)) throw new ModelNotFoundError(body.model);
    const model = await dependencies.app.models.language();
    const withTop = (body.logprobs ?? 0) > 0;
    const signal = context.req.raw.signal;
    // An echoed prompt is scored after its first word, which (like OpenAI's first token) gets no log-probability:
    // the rest is then conditioned exactly as a generation from the same prompt would be.
    const cut = body.prompt.search(/\s/);
    const head = body.echo ? (cut > 0 ? body.prompt.slice(0, cut) : body.prompt) : "";
    const echoed: ScoreResult | undefined = body.echo
      ? await model.score({
          prompt: head,
          continuation: body.prompt.slice(head.length),
          topLogprobs: body.logprobs ?? 0,
          abortSignal: signal,
        })
      : undefined;
    const generated: GenerateResult | undefined =
      body.max_tokens > 0
        ? await model.generate({
            prompt: body.prompt,
            samples: body.n,
            maxTokens: body.max_tokens,
            temperature: body.temperature,
            topP: body.top_p,
            topLogprobs: body.logprobs ?? 0,
            abortSignal: signal,
            ...(body.seed === null || body.seed === undefined ? {} : { seed: body.seed }),
            ...(body.stop ? { stop: typeof body.stop === "string" ? [body.stop] : body.stop } : {}),
          })
        : undefined;
    const prefixText = body.echo ? body.prompt : "";
    const choices = Array.from({ length: body.n }, (_, index) => {
      const generation = generated?.generations[index];
      const tokens = [...(echoed?.tokens ?? []), ...(generation?.tokens ?? [])];
      return {
        index,
        text: prefixText + (generation?.text ?? ""),
        logprobs: body.logprobs === null || body.logprobs === undefined ? null : legacyLogprobs(head, tokens, withTop),
        finish_reason: generation?.finishReason ?? "length",
      };
    });
    const promptTokens =
      generated?.usage.promptTokens ?? (echoed ? echoed.usage.promptTokens + echoed.usage.completionTokens : 0);
    const completionTokens = generated?.usage.completionTokens ?? 0;
    return context.json({
      id: `cmpl-${crypto.randomUUID()}`,
      object: "text_completion",
      created: Math.floor(Date.now() / 1000),
      model: model.modelId,
      choices,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  });
}
