import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RecallError } from "../errors/recall-error.ts";

/** HTTP status of each stable error code; anything not listed that is a RecallError is a client error (400). */
const statusByCode: Record<string, ContentfulStatusCode> = {
  invalid_json: 400,
  body_too_large: 413,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  invalid_request: 400,
  invalid_corpus_name: 400,
  invalid_model_input: 400,
  corpus_not_found: 404,
  unknown_strategy: 404,
  model_not_found: 404,
  experiment_not_found: 404,
  ask_not_found: 404,
  experiment_exists: 409,
  experiment_not_running: 409,
  experiment_stopped: 409,
  invalid_strategy_parameters: 400,
  embedding_model_mismatch: 409,
  model_unavailable: 503,
  logprobs_unavailable: 502,
  aborted: 499 as ContentfulStatusCode,
};

/** The kind of error, as OpenAI-compatible clients read it (`error.type`). */
function errorType(status: number): string {
  if (status === 401 || status === 403) return "authentication_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return status === 503 ? "service_unavailable_error" : "server_error";
  return "invalid_request_error";
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly type: string };
}

/**
 * The body and status an error becomes: `{ error: { code, message, type } }`, never a stack trace. The same shape
 * serves Recall's own routes and OpenAI-compatible clients (which read `message`, `type` and `code`).
 */
export function errorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  const [status, code, message] = classify(error);
  return { status, body: { error: { code, message, type: errorType(status) } } };
}

function classify(error: unknown): [ContentfulStatusCode, string, string] {
  if (error instanceof RecallError) return [statusByCode[error.code] ?? 400, error.code, error.message];
  if (error instanceof HTTPException && error.status < 500)
    return [error.status as ContentfulStatusCode, "http_error", error.message];
  return [
    500,
    "internal_error",
    "Something went wrong on the server; the error is logged. Try again, and report it if it persists.",
  ];
}
