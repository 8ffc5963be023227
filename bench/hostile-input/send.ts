/**
 * Turns a hostile request into a fetch `RequestInit` (the bench sends it to a socket, the test to `app.request`)
 * and reads the response into an outcome: status, time, the start of the body, and whether a stream carried an
 * internal error.
 */
import type { Credential, HostileRequest } from "./hostile-request.ts";

/** API keys a run created: one with every scope and corpus, and one limited to a corpus that is not "world". */
export interface RunKeys {
  readonly full: string;
  readonly otherCorpus?: string | undefined;
}

/** A status code, or what happened instead of one. */
export type Status = number | "timeout" | "network-error";

export interface Outcome {
  readonly request: HostileRequest;
  readonly status: Status;
  /** When it was sent (performance.now()) and how long the answer took. */
  readonly startedAt: number;
  readonly milliseconds: number;
  /** The first 4 KB of the response body (text). */
  readonly body: string;
  readonly contentType: string;
  /** A 200 stream whose events carried an error: `internal_error` counts as a server error. */
  readonly streamError?: string;
  readonly error?: string;
}

function authorization(credential: Credential, keys: RunKeys | undefined): string | undefined {
  if (credential === "wrong") return `Bearer ${keys ? `${keys.full.slice(0, -4)}XXXX` : "rk-wrong-key"}`;
  if (credential === "malformed") return keys ? `Token ${keys.full}` : "Basic Zm9vOmJhcg==";
  if (!keys || credential === "none") return undefined;
  if (credential === "other-corpus") return keys.otherCorpus ? `Bearer ${keys.otherCorpus}` : undefined;
  return `Bearer ${keys.full}`;
}

/** The fetch options for a request: method, headers with the credential's authorization, body (chunked when asked). */
export function requestInit(request: HostileRequest, keys: RunKeys | undefined): RequestInit & { duplex?: "half" } {
  const headers: Record<string, string> = { ...request.headers };
  const auth = authorization(request.credential, keys);
  if (auth !== undefined && headers.authorization === undefined) headers.authorization = auth;
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers };
  if (request.body === undefined || request.method === "GET" || request.method === "HEAD") return init;
  const body = request.body();
  if (!request.chunked) return { ...init, body };
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.byteLength; offset += 65_536)
        controller.enqueue(bytes.subarray(offset, offset + 65_536));
      controller.close();
    },
  });
  return { ...init, body: stream, duplex: "half" };
}

/** Reads a response whole (so that the connection is free) and keeps its first 4 KB. */
export async function readOutcome(request: HostileRequest, response: Response, started: number): Promise<Outcome> {
  const contentType = response.headers.get("content-type") ?? "";
  const text = request.method === "HEAD" ? "" : await response.text();
  const streamError =
    contentType.includes("text/event-stream") && /"code":"internal_error"/.test(text)
      ? (text.match(/data: (\{"error".*)/)?.[1] ?? "internal_error in the stream")
      : undefined;
  return {
    request,
    status: response.status,
    startedAt: started,
    milliseconds: performance.now() - started,
    body: text.slice(0, 4096),
    contentType,
    ...(streamError === undefined ? {} : { streamError }),
  };
}

/**
 * Sends a request to a running server with a time limit (and `stop`, the run's own end); a timeout or a broken
 * connection is an outcome too.
 */
export async function sendOverHttp(
  baseUrl: string,
  request: HostileRequest,
  keys: RunKeys | undefined,
  timeoutMs: number,
  stop?: AbortSignal,
): Promise<Outcome> {
  const started = performance.now();
  const signal = stop ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) : AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(`${baseUrl}${request.path}`, { ...requestInit(request, keys), signal });
    return await readOutcome(request, response, started);
  } catch (error) {
    const timedOut = signal.aborted;
    return {
      request,
      status: timedOut ? "timeout" : "network-error",
      startedAt: started,
      milliseconds: performance.now() - started,
      body: "",
      contentType: "",
      error: error instanceof Error ? `${error.name}: ${error.message}${causeOf(error)}` : String(error),
    };
  }
}

function causeOf(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? ` (${cause.name}: ${cause.message})` : "";
}

/** Whether the request got no answer at all: a timeout, or a connection closed or refused. */
export function isUnanswered(outcome: Outcome): boolean {
  return outcome.status === "timeout" || outcome.status === "network-error";
}

/** Whether a server error shows: a 5xx status, or an internal error inside a 200 stream. */
export function isServerError(outcome: Outcome): boolean {
  return (typeof outcome.status === "number" && outcome.status >= 500) || outcome.streamError !== undefined;
}
