import { ModelCallAbortedError, ModelInputError, ModelLoadError } from "../model-errors.ts";

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
/** A 400 or 422: the request itself is wrong (too long a prompt, a bad option); retrying cannot help. */
const rejectsInput = (status: number): boolean => status === 400 || status === 422;

function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
    if (message) return message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300);
}

/**
 * POSTs JSON to an OpenAI-compatible server: bearer key, timeout per attempt, retries with exponential backoff
 * (honouring Retry-After) on 429, 5xx and network errors. Failures name the model and the URL.
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
  for (let attempt = 0; attempt <= settings.maxRetries; attempt++) {
    if (abortSignal?.aborted) throw new ModelCallAbortedError(model);
    const signals = [AbortSignal.timeout(settings.timeoutMs), ...(abortSignal ? [abortSignal] : [])];
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      if (abortSignal?.aborted) throw new ModelCallAbortedError(model);
      lastProblem =
        error instanceof Error && error.name === "TimeoutError"
          ? `no answer within ${settings.timeoutMs} ms`
          : `${(error as Error).message}`;
      if (attempt < settings.maxRetries) await backoff(attempt, undefined);
      continue;
    }
    if (response.ok) return response.json();
    const text = await response.text();
    lastProblem = `HTTP ${response.status}: ${text.slice(0, 300)}`;
    if (rejectsInput(response.status))
      throw new ModelInputError(model, `The model server at ${url} rejected the request: ${serverMessage(text)}`);
    if (!retryable(response.status)) break;
    if (attempt < settings.maxRetries) await backoff(attempt, response.headers.get("retry-after"));
  }
  throw new ModelLoadError(
    model,
    `The model server at ${url} failed for model "${model}" (${lastProblem}). Check that the server is up, serves this model, and that the API key (RECALL_API_KEY) is right.`,
  );
}

async function backoff(attempt: number, retryAfter: string | null | undefined): Promise<void> {
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  const delay = Number.isFinite(seconds) ? seconds * 1000 : 250 * 2 ** attempt;
  await new Promise((resolve) => setTimeout(resolve, Math.min(delay, 10_000)));
}
