import { ApiError } from "./api-error.ts";
import { storedApiKey } from "./api-key.ts";
import { type ServerSentEvent, serverSentEvents } from "./server-sent-events.ts";

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string };
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = storedApiKey();
  return key === undefined ? extra : { ...extra, Authorization: `Bearer ${key}` };
}

function apiError(status: number, body: ErrorBody): ApiError {
  return new ApiError(
    status,
    body.error?.code ?? `http_${status}`,
    body.error?.message ?? `The server answered ${status}.`,
  );
}

async function failure(response: Response): Promise<ApiError> {
  return apiError(response.status, (await response.json().catch(() => ({}))) as ErrorBody);
}

/** A body read as JSON; an empty object when it is not JSON (a proxy's HTML error page, say). */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "network_error", "The server could not be reached. Is recall serve running?");
  }
  if (!response.ok) throw await failure(response);
  return response;
}

/** The Recall HTTP API, called with the key entered in this tab. */
export const api = {
  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await (await send("GET", path, undefined, signal)).json()) as T;
  },
  async post<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return (await (await send("POST", path, body ?? {}, signal)).json()) as T;
  },
  async delete(path: string): Promise<void> {
    await send("DELETE", path);
  },
  /** POSTs a body and yields the server-sent events of the answer as they arrive. */
  async *stream(path: string, body: unknown, signal?: AbortSignal): AsyncGenerator<ServerSentEvent> {
    const response = await send("POST", path, body, signal);
    if (!response.body) return;
    yield* serverSentEvents(response.body);
  },
  /**
   * Uploads a form (files) and reports the fraction sent; fetch cannot report upload progress, XMLHttpRequest can.
   * Aborting `signal` stops the upload and rejects with the signal's reason.
   */
  upload<T>(
    path: string,
    form: FormData,
    options: { readonly onProgress: (fraction: number) => void; readonly signal?: AbortSignal },
  ): Promise<T> {
    const { onProgress, signal } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const request = new XMLHttpRequest();
      const abort = () => request.abort();
      const settle = (outcome: () => void) => {
        signal?.removeEventListener("abort", abort);
        outcome();
      };
      signal?.addEventListener("abort", abort, { once: true });
      request.open("POST", path);
      for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      });
      request.addEventListener("load", () =>
        settle(() => {
          const body = readJson(request.responseText);
          if (request.status >= 200 && request.status < 300) resolve(body as T);
          else reject(apiError(request.status, body as ErrorBody));
        }),
      );
      request.addEventListener("error", () =>
        settle(() => reject(new ApiError(0, "network_error", "The upload could not reach the server."))),
      );
      request.addEventListener("abort", () =>
        settle(() => reject(signal?.reason ?? new DOMException("The upload was aborted.", "AbortError"))),
      );
      request.addEventListener("timeout", () =>
        settle(() => reject(new ApiError(0, "timeout", "The upload took too long. Try again, or send fewer files."))),
      );
      request.send(form);
    });
  },
};
