import { RecallError } from "../../errors/recall-error.ts";
import { ModelCallAbortedError, ModelInputError, ModelLoadError } from "../../models/model-errors.ts";
import { ModelOverloadedError } from "../../models/model-overloaded-error.ts";
import type { SerializedError } from "./worker-protocol.ts";

/** An error thrown in a model's worker thread, as a message can carry it. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof RecallError)
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      status: error.status,
      clientMessage: error.clientMessage,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: "Error", message: String(error) };
}

/** A failure a worker thread reported, with the code, status and messages it had there. */
export class ModelWorkerError extends RecallError {
  override readonly name: string;
  readonly code: string;
  readonly status: number;
  declare readonly retryAfterSeconds?: number;
  private readonly forClients: string | undefined;

  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
    this.code = serialized.code ?? "internal_error";
    this.status = serialized.status ?? 500;
    this.forClients = serialized.clientMessage;
    if (serialized.retryAfterSeconds !== undefined)
      Object.defineProperty(this, "retryAfterSeconds", { value: serialized.retryAfterSeconds });
  }

  override get clientMessage(): string {
    return this.forClients ?? super.clientMessage;
  }
}

/**
 * The error a worker thread reported, rebuilt on this side: the model errors callers tell apart are their own classes
 * again; any other keeps its code, status and messages.
 */
export function deserializeError(serialized: SerializedError, modelId: string): Error {
  switch (serialized.name) {
    case "ModelCallAbortedError":
      return new ModelCallAbortedError(modelId);
    case "ModelInputError":
      return new ModelInputError(modelId, serialized.message);
    case "ModelLoadError":
      return new ModelLoadError(modelId, serialized.message);
    case "ModelOverloadedError":
      return Object.assign(new ModelOverloadedError(modelId, 0), { message: serialized.message });
    default:
      return serialized.code === undefined && serialized.status === undefined
        ? new Error(serialized.message)
        : new ModelWorkerError(serialized);
  }
}
