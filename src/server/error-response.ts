import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RecallError } from "../errors/recall-error.ts";

/** HTTP status of each stable error code; anything not listed that is a RecallError is a client error (400). */
const statusByCode: Record<string, ContentfulStatusCode> = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_corpus_name: 400,
  invalid_model_input: 400,
  corpus_not_found: 404,
  unknown_strategy: 404,
  invalid_strategy_parameters: 400,
  embedding_model_mismatch: 409,
  model_unavailable: 503,
  aborted: 499 as ContentfulStatusCode,
};

/** The body and status an error becomes: `{ error: { code, message } }`, never a stack trace. */
export function errorResponse(error: unknown): {
  status: ContentfulStatusCode;
  body: { error: { code: string; message: string } };
} {
  if (error instanceof RecallError) {
    return { status: statusByCode[error.code] ?? 400, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof HTTPException && error.status < 500) {
    return {
      status: error.status as ContentfulStatusCode,
      body: { error: { code: "http_error", message: error.message } },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "internal_error",
        message: "Something went wrong on the server; the error is logged. Try again, and report it if it persists.",
      },
    },
  };
}
