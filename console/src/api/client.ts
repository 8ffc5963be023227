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

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  return new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? `The server answered ${response.status}.`,
  );
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
  /** Uploads a form (files) and reports the fraction sent; fetch cannot report upload progress, XMLHttpRequest can. */
  upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", path);
      for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      });
      request.addEventListener("load", () => {
        const body = (() => {
          try {
            return JSON.parse(request.responseText) as unknown;
          } catch {
            return {};
          }
        })();
        if (request.status >= 200 && request.status < 300) resolve(body as T);
        else {
          const error = (body as ErrorBody).error;
          reject(
            new ApiError(
              request.status,
              error?.code ?? `http_${request.status}`,
              error?.message ?? `The server answered ${request.status}.`,
            ),
          );
        }
      });
      request.addEventListener("error", () =>
        reject(new ApiError(0, "network_error", "The upload could not reach the server.")),
      );
      request.send(form);
    });
  },
};
