import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RecallError } from "../errors/recall-error.ts";

/** The kind of error, as OpenAI-compatible clients read it (`error.type`). */
function errorType(status: number): string {
  if (status === 401 || status === 403) return "authentication_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return status === 503 ? "service_unavailable_error" : "server_error";
  return "invalid_request_error";
}

export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly type: string;
    /** The request's id (its x-request-id header); the server logs a failure under the same id. */
    readonly request_id: string;
  };
}

/** The longest message a response carries: a message that quotes a client's input must not echo it at length. */
const maxMessageLength = 1000;

/**
 * The body, status and headers an error becomes: `{ error: { code, message, type, request_id } }`, and Retry-After
 * on a refusal that passes (a 429 or 503 whose error says when to retry). The status is the error's own (a
 * RecallError's `status`); anything else is a 500 `internal_error`. A server failure's body never carries a stack
 * trace, a file path, a URL or an upstream server's answer: only the log has those. The same shape serves Recall's
 * own routes and OpenAI-compatible clients (which read `message`, `type` and `code`).
 */
export function errorResponse(
  error: unknown,
  requestId: string,
): {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  const [status, code, fullMessage] = classify(error);
  const message = fullMessage.length > maxMessageLength ? `${fullMessage.slice(0, maxMessageLength)}…` : fullMessage;
  const retryAfter = error instanceof RecallError ? error.retryAfterSeconds : undefined;
  const headers: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": String(retryAfter) };
  return { status, body: { error: { code, message, type: errorType(status), request_id: requestId } }, headers };
}

function classify(error: unknown): [ContentfulStatusCode, string, string] {
  if (error instanceof RecallError) return [responseStatus(error.status), error.code, error.clientMessage];
  if (error instanceof HTTPException && error.status < 500)
    return [error.status as ContentfulStatusCode, "http_error", error.message];
  return [
    500,
    "internal_error",
    "Something went wrong on the server; the error is logged with this request's id. Try again, and report the id if it persists.",
  ];
}

/** An error's status as a response's: one outside 400 to 599 would not read as a failure, so it becomes 500. */
function responseStatus(status: number): ContentfulStatusCode {
  return Number.isInteger(status) && status >= 400 && status <= 599 ? (status as ContentfulStatusCode) : 500;
}
