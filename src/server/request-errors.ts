import type { z } from "zod";
import { RecallError } from "../errors/recall-error.ts";
import { jsonShapeProblem, maxJsonDepth } from "./json-shape-problem.ts";
import { type FieldLimit, limitIssue, type UploadLimit } from "./limited-schemas.ts";

/** A request body that is not JSON, or does not have the shape a route expects; the message names the field. */
export class InvalidRequestError extends RecallError {
  override readonly name = "InvalidRequestError";
  readonly code: string;
  readonly status = 400;

  constructor(message: string, code = "invalid_request") {
    super(message);
    this.code = code;
  }

  /**
   * The first issue as an error naming its field: a LimitExceededError when any issue (an option of a union's
   * included) is a configured limit's, else an InvalidRequestError. Field and message are cut short, as both can
   * quote the input (an unknown key, say).
   */
  static fromZod(error: z.ZodError): InvalidRequestError | LimitExceededError {
    const limited = limitIssue(error.issues);
    if (limited) return new LimitExceededError(fieldName(limited.path), limited.limit, limited.message);
    const issue = error.issues[0];
    return new InvalidRequestError(
      `Invalid field "${fieldName(issue?.path ?? [])}": ${clip(issue?.message ?? "invalid value", 200)}.`,
    );
  }
}

/** An issue's path as a field name ("messages.0.content"), each part and the whole cut short; "body" for the root. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "body";
  return clip(path.map((part) => clip(String(part), 40)).join("."), 120);
}

/** A field over one of the configured limits; the message names the limit's config key (`limits.questionChars`). */
export class LimitExceededError extends RecallError {
  override readonly name = "LimitExceededError";
  readonly code = "limit_exceeded";
  readonly status = 400;

  constructor(
    readonly field: string,
    readonly limit: FieldLimit,
    description: string,
  ) {
    super(`"${field}" ${description}. Send less, or raise server.limits.${limit} in the config.`);
  }
}

/** A body sent to a JSON route without `Content-Type: application/json` (415). */
export class UnsupportedMediaTypeError extends RecallError {
  override readonly name = "UnsupportedMediaTypeError";
  readonly code = "unsupported_media_type";
  readonly status = 415;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly contentType: string | undefined,
  ) {
    const sent = contentType === undefined ? "no Content-Type" : `Content-Type "${clip(contentType, 100)}"`;
    super(
      `${method} ${clip(path, 200)} takes a JSON body: send Content-Type: application/json (this request sent ${sent}).`,
    );
  }
}

/** The text cut to `length` characters, marked with an ellipsis when cut. */
function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

/**
 * Parses a JSON request body with a schema, or throws an InvalidRequestError (or a LimitExceededError) that says
 * what is wrong. Before the schema sees it, a body nested deeper than `maxJsonDepth` or holding a `__proto__` key
 * (or a `constructor` with a `prototype`) is refused: such keys are never silently dropped.
 */
export async function parseJsonBody(request: Request): Promise<unknown>;
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>>;
export async function parseJsonBody(request: Request, schema?: z.ZodType): Promise<unknown> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch (error) {
    if (error instanceof RangeError)
      throw new InvalidRequestError(
        `The request body nests too deeply to read; send at most ${maxJsonDepth} levels.`,
        "body_too_deep",
      );
    throw new InvalidRequestError(
      "The request body is not valid JSON. Send a JSON object with Content-Type: application/json.",
      "invalid_json",
    );
  }
  const problem = jsonShapeProblem(body);
  if (problem?.kind === "too_deep")
    throw new InvalidRequestError(
      `The request body nests deeper than ${maxJsonDepth} levels (at "${problem.path}"); send a flatter body.`,
      "body_too_deep",
    );
  if (problem?.kind === "reserved_key")
    throw new InvalidRequestError(
      `The request body has the key "${problem.key}" (in "${problem.path}"), which is refused: it could change the objects the server builds. Rename it.`,
      "reserved_key",
    );
  if (schema === undefined) return body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw InvalidRequestError.fromZod(parsed.error);
  return parsed.data;
}

/** A request body over the configured limit (limits.bodyBytes); refused before it is read whole. */
export class BodyTooLargeError extends RecallError {
  override readonly name = "BodyTooLargeError";
  readonly code = "body_too_large";
  readonly status = 413;

  constructor(readonly limit: number) {
    super(`The request body is over the limit of ${limit} bytes (limits.bodyBytes). Send less, or raise the limit.`);
  }
}

/** Too many requests from one key (or client address) this minute (429); `retryAfterSeconds` becomes Retry-After. */
export class RateLimitedError extends RecallError {
  override readonly name = "RateLimitedError";
  readonly code = "rate_limited";
  readonly status = 429;

  constructor(
    readonly requestsPerMinute: number,
    override readonly retryAfterSeconds: number,
  ) {
    super(
      `Too many requests: the limit is ${requestsPerMinute} a minute (rateLimit.requestsPerMinute). Try again in ${retryAfterSeconds} s.`,
    );
  }
}

/** An upload over one of its limits (server.limits.uploadBytes, uploadFileBytes, uploadFiles): 413 naming it. */
export class UploadTooLargeError extends RecallError {
  override readonly name = "UploadTooLargeError";
  readonly code = "upload_too_large";
  readonly status = 413;

  constructor(
    readonly limit: UploadLimit,
    readonly value: number,
  ) {
    const what = {
      uploadBytes: `its body is over server.limits.uploadBytes (${value} bytes)`,
      uploadFileBytes: `a file is over server.limits.uploadFileBytes (${value} bytes)`,
      uploadFiles: `it has more than server.limits.uploadFiles (${value} files or documents)`,
    }[limit];
    super(
      `The upload is refused: ${what}. Split it into smaller uploads, or raise server.limits.${limit} in the config.`,
    );
  }
}

/** An upload that is neither multipart/form-data nor JSON (415). */
export class UnsupportedUploadTypeError extends RecallError {
  override readonly name = "UnsupportedUploadTypeError";
  readonly code = "unsupported_media_type";
  readonly status = 415;

  constructor(readonly contentType: string | undefined) {
    const sent = contentType === undefined ? "no Content-Type" : `Content-Type "${clip(contentType, 100)}"`;
    super(
      `An upload is files as multipart/form-data (field "file", once per file) or documents as application/json ({"documents": [...]}); this request sent ${sent}.`,
    );
  }
}

/**
 * A multipart upload from a browser page of an origin not allowed (server.cors.origins): a page may send a form to any
 * address without asking first, so without this any web page could index documents into a Recall on localhost.
 */
export class CrossOriginUploadError extends RecallError {
  override readonly name = "CrossOriginUploadError";
  readonly code = "cross_origin_upload";
  readonly status = 403;

  constructor(readonly origin: string) {
    super(
      `A page of ${clip(origin, 200)} may not upload files here. Add the origin to server.cors.origins, or upload from outside a browser.`,
    );
  }
}
