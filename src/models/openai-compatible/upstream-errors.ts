import { RecallError } from "../../errors/recall-error.ts";

/**
 * A model server refused (400 or 422) a request that Recall composed. The client of Recall did nothing wrong, so this
 * is a bad gateway, not the client's bad request. The message, for the operator's log, carries what the server said;
 * a remote client is told only that the upstream server refused.
 */
export class UpstreamRejectedError extends RecallError {
  override readonly name = "UpstreamRejectedError";
  readonly code = "upstream_rejected_request";
  readonly status = 502;

  constructor(
    readonly model: string,
    message: string,
  ) {
    super(message);
  }

  override get clientMessage(): string {
    return "The language model's server refused a request Recall made of it. The details are in the server's log; tell the server's operator.";
  }
}

/**
 * A model server answered 2xx with a body Recall cannot use (not the expected shape, or no choices). The message,
 * for the operator, names the server's URL and endpoint; a remote client is told only that the answer was unusable.
 */
export class UpstreamResponseError extends RecallError {
  override readonly name = "UpstreamResponseError";
  readonly code = "upstream_bad_response";
  readonly status = 502;

  constructor(
    readonly model: string,
    message: string,
  ) {
    super(message);
  }

  override get clientMessage(): string {
    return "The language model's server returned an answer Recall could not read. The details are in the server's log; tell the server's operator.";
  }
}
