import type { z } from "zod";
import { RecallError } from "../errors/recall-error.ts";

/** A request body that is not JSON, or does not have the shape a route expects; the message names the field. */
export class InvalidRequestError extends RecallError {
  override readonly name = "InvalidRequestError";
  readonly code: string;

  constructor(message: string, code = "invalid_request") {
    super(message);
    this.code = code;
  }

  static fromZod(error: z.ZodError): InvalidRequestError {
    const issue = error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
    return new InvalidRequestError(`Invalid field "${field}": ${issue?.message ?? "invalid value"}.`);
  }
}

/** Parses a JSON request body with a schema, or throws an InvalidRequestError that says what is wrong. */
export async function parseJsonBody(request: Request): Promise<unknown>;
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>>;
export async function parseJsonBody(request: Request, schema?: z.ZodType): Promise<unknown> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new InvalidRequestError(
      "The request body is not valid JSON. Send a JSON object with Content-Type: application/json.",
      "invalid_json",
    );
  }
  if (schema === undefined) return body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw InvalidRequestError.fromZod(parsed.error);
  return parsed.data;
}

/** A request body over the configured limit (limits.bodyBytes); refused before it is read whole. */
export class BodyTooLargeError extends RecallError {
  override readonly name = "BodyTooLargeError";
  readonly code = "body_too_large";

  constructor(readonly limit: number) {
    super(`The request body is over the limit of ${limit} bytes (limits.bodyBytes). Send less, or raise the limit.`);
  }
}
