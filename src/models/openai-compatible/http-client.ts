import { z } from "zod";
import { ModelCallAbortedError, ModelLoadError } from "../model-errors.ts";
import { UpstreamRejectedError } from "./upstream-errors.ts";

export interface RemoteSettings {
  /** The server's OpenAI-compatible base URL, e.g. http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama). */
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  /** Per request, each attempt. */
  readonly timeoutMs: number;
  /** Retries after a 429, a 5xx or a network failure, with exponential backoff. */
  readonly maxRetries: number;
}

const retryable = (status: number): boolean => status === 429 || status >= 500;
/**
 * A 400 or 422: the server refused the request Recall composed (too long a prompt, an option it lacks); retrying
 * cannot help, and the fault is not Recall's client's.
 */
const rejectsInput = (status: number): boolean => status === 400 || status === 422;

const errorBody = z.object({
  error: z.union([z.string(), z.object({ message: z.string() })]).optional(),
  message: z.string().optional(),
});

/** The message an error response carries (OpenAI's shape and the common variants), else its first characters. */
function serverMessage(text: string): string {
  let parsed: z.ZodSafeParseResult<z.output<typeof errorBody>> | undefined;
  try {
    parsed = errorBody.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  const body = parsed?.success ? parsed.data : undefined;
  const message = typeof body?.error === "string" ? body.error : (body?.error?.message ?? body?.message);
  return message ?? text.slice(0, 300);
}

/**
 * POSTs JSON to an OpenAI-compatible server: bearer key, timeout per attempt, retries with exponential backoff
 * (honouring Retry-After) on 429, 5xx and network errors. Failures name the model and the URL; a 400 or 422 is an
 * `UpstreamRejectedError` (502).
 */
export async function postJson(
  settings: RemoteSettings,
  model: string,
  path: string,
  body: unknown,
  abortSignal?: AbortSignal,
): Promise<unknown> {
  const url = `${settings.baseUrl.replace(/\/+$/, "")}${path}`;
  let lastProblem = "";
  let lastRetryAfter: string | null = null;
  let lastError: unknown;
  for (let attempt = 0; attempt <= settings.maxRetries; attempt++) {
    if (attempt > 0) await backoff(attempt - 1, lastRetryAfter, abortSignal);
    if (abortSignal?.aborted) throw new ModelCallAbortedError(model);
    const signals = [AbortSignal.timeout(settings.timeoutMs), ...(abortSignal ? [abortSignal] : [])];
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as unknown;
      lastProblem = `HTTP ${response.status}: ${text.slice(0, 300)}`;
      lastRetryAfter = response.headers.get("retry-after");
      if (rejectsInput(response.status))
        throw new UpstreamRejectedError(
          model,
          `The model server at ${url} rejected the request for "${model}": ${serverMessage(text)}`,
        );
      if (!retryable(response.status)) break;
    } catch (error) {
      if (error instanceof UpstreamRejectedError) throw error;
      if (abortSignal?.aborted) throw new ModelCallAbortedError(model);
      lastError = error;
      lastRetryAfter = null;
      lastProblem =
        error instanceof Error && error.name === "TimeoutError"
          ? `no answer within ${settings.timeoutMs} ms`
          : error instanceof SyntaxError
            ? "the answer was not JSON"
            : (error as Error).message;
    }
  }
  throw new ModelLoadError(
    model,
    `The model server at ${url} failed for model "${model}" (${lastProblem}). Check that the server is up, serves this model, and that the API key (RECALL_API_KEY) is right.`,
    { cause: lastError },
  );
}

/** Waits before a retry (Retry-After when the server gave one, else 250 ms doubling); an abort ends the wait. */
async function backoff(attempt: number, retryAfter: string | null, abortSignal?: AbortSignal): Promise<void> {
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  const delay = Math.min(Number.isFinite(seconds) ? seconds * 1000 : 250 * 2 ** attempt, 10_000);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, delay);
    abortSignal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
